"""Standard check-in fields a host adds with one click, with labels in every guest language."""

from reservations.checkin.fields import FieldScope, FieldType

AGREEMENT_EN = (
    "I, {guest_name}, agree to the house rules of {property_name} for my stay from {check_in} to {check_out}. "
    "I will respect the neighbours, not hold parties, leave the property as I found it and report any damage. "
    "I accept that {host_name} may charge for damage beyond normal wear."
)
AGREEMENT_ES = (
    "Yo, {guest_name}, acepto las normas de la casa de {property_name} para mi estancia del {check_in} al "
    "{check_out}. Respetaré a los vecinos, no celebraré fiestas, dejaré el alojamiento como lo encontré e "
    "informaré de cualquier daño. Acepto que {host_name} pueda cobrar los daños que excedan el desgaste normal."
)

STANDARD_FIELDS = {
    "first_name": {
        "type": FieldType.TEXT,
        "scope": FieldScope.EVERY_GUEST,
        "label": {"en": "First name", "es": "Nombre", "fr": "Prénom", "de": "Vorname", "it": "Nome", "pt": "Nome"},
        "max_value": 80,
    },
    "last_name": {
        "type": FieldType.TEXT,
        "scope": FieldScope.EVERY_GUEST,
        "label": {
            "en": "Last name",
            "es": "Apellidos",
            "fr": "Nom",
            "de": "Nachname",
            "it": "Cognome",
            "pt": "Apelido",
        },
        "max_value": 80,
    },
    "email": {
        "type": FieldType.EMAIL,
        "scope": FieldScope.MAIN_GUEST,
        "label": {
            "en": "Email",
            "es": "Correo electrónico",
            "fr": "E-mail",
            "de": "E-Mail",
            "it": "Email",
            "pt": "Email",
        },
    },
    "phone": {
        "type": FieldType.PHONE,
        "scope": FieldScope.MAIN_GUEST,
        "label": {
            "en": "Mobile phone",
            "es": "Teléfono móvil",
            "fr": "Téléphone portable",
            "de": "Mobiltelefon",
            "it": "Cellulare",
            "pt": "Telemóvel",
        },
        "help_text": {
            "en": "With the country code, e.g. +44 7700 900123.",
            "es": "Con el prefijo del país, p. ej. +34 600 123 456.",
            "fr": "Avec l’indicatif du pays, p. ex. +33 6 12 34 56 78.",
            "de": "Mit Ländervorwahl, z. B. +49 151 23456789.",
            "it": "Con il prefisso internazionale, es. +39 312 345 6789.",
            "pt": "Com o indicativo do país, p. ex. +351 912 345 678.",
        },
    },
    "nationality": {
        "type": FieldType.COUNTRY,
        "scope": FieldScope.EVERY_GUEST,
        "label": {
            "en": "Nationality",
            "es": "Nacionalidad",
            "fr": "Nationalité",
            "de": "Staatsangehörigkeit",
            "it": "Nazionalità",
            "pt": "Nacionalidade",
        },
    },
    "date_of_birth": {
        "type": FieldType.DATE,
        "scope": FieldScope.EVERY_GUEST,
        "label": {
            "en": "Date of birth",
            "es": "Fecha de nacimiento",
            "fr": "Date de naissance",
            "de": "Geburtsdatum",
            "it": "Data di nascita",
            "pt": "Data de nascimento",
        },
    },
    "document_type": {
        "type": FieldType.CHOICE,
        "scope": FieldScope.EVERY_GUEST,
        "label": {
            "en": "Document type",
            "es": "Tipo de documento",
            "fr": "Type de pièce d’identité",
            "de": "Ausweisart",
            "it": "Tipo di documento",
            "pt": "Tipo de documento",
        },
        "options": [
            {
                "value": "passport",
                "label": {
                    "en": "Passport",
                    "es": "Pasaporte",
                    "fr": "Passeport",
                    "de": "Reisepass",
                    "it": "Passaporto",
                    "pt": "Passaporte",
                },
            },
            {
                "value": "id_card",
                "label": {
                    "en": "National ID card",
                    "es": "DNI / documento de identidad",
                    "fr": "Carte d’identité",
                    "de": "Personalausweis",
                    "it": "Carta d’identità",
                    "pt": "Cartão de cidadão",
                },
            },
            {
                "value": "driving_licence",
                "label": {
                    "en": "Driving licence",
                    "es": "Permiso de conducir",
                    "fr": "Permis de conduire",
                    "de": "Führerschein",
                    "it": "Patente di guida",
                    "pt": "Carta de condução",
                },
            },
        ],
    },
    "document_number": {
        "type": FieldType.TEXT,
        "scope": FieldScope.EVERY_GUEST,
        "sensitive": True,
        "label": {
            "en": "Document number",
            "es": "Número de documento",
            "fr": "Numéro du document",
            "de": "Ausweisnummer",
            "it": "Numero del documento",
            "pt": "Número do documento",
        },
        "pattern": r"^[A-Za-z0-9 -]{4,30}$",
        "max_value": 30,
    },
    "document_photo": {
        "type": FieldType.DOCUMENT,
        "scope": FieldScope.EVERY_GUEST,
        "label": {
            "en": "Photo of the document",
            "es": "Foto del documento",
            "fr": "Photo de la pièce d’identité",
            "de": "Foto des Ausweises",
            "it": "Foto del documento",
            "pt": "Fotografia do documento",
        },
        "help_text": {
            "en": "A clear photo of the front, and of the back if it has one. JPEG, PNG or PDF.",
            "es": "Una foto nítida del anverso y, si lo tiene, del reverso. JPEG, PNG o PDF.",
            "fr": "Une photo nette du recto, et du verso s’il y en a un. JPEG, PNG ou PDF.",
            "de": "Ein scharfes Foto der Vorderseite und, falls vorhanden, der Rückseite. JPEG, PNG oder PDF.",
            "it": "Una foto nitida del fronte e, se c’è, del retro. JPEG, PNG o PDF.",
            "pt": "Uma fotografia nítida da frente e, se existir, do verso. JPEG, PNG ou PDF.",
        },
        "file_types": ["image", "pdf"],
    },
    "arrival_time": {
        "type": FieldType.TEXT,
        "scope": FieldScope.RESERVATION,
        "required": False,
        "label": {
            "en": "Estimated arrival time",
            "es": "Hora estimada de llegada",
            "fr": "Heure d’arrivée prévue",
            "de": "Voraussichtliche Ankunftszeit",
            "it": "Orario di arrivo previsto",
            "pt": "Hora prevista de chegada",
        },
        "help_text": {"en": "24-hour clock, e.g. 17:30.", "es": "Formato 24 h, p. ej. 17:30."},
        "pattern": r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$",
    },
    "rental_agreement": {
        "type": FieldType.AGREEMENT,
        "scope": FieldScope.RESERVATION,
        "label": {
            "en": "I have read and accept the rental agreement",
            "es": "He leído y acepto el contrato de alquiler",
            "fr": "J’ai lu et j’accepte le contrat de location",
            "de": "Ich habe den Mietvertrag gelesen und akzeptiere ihn",
            "it": "Ho letto e accetto il contratto di locazione",
            "pt": "Li e aceito o contrato de arrendamento",
        },
        "agreement_text": {"en": AGREEMENT_EN, "es": AGREEMENT_ES},
    },
    "signature": {
        "type": FieldType.SIGNATURE,
        "scope": FieldScope.RESERVATION,
        "label": {
            "en": "Signature",
            "es": "Firma",
            "fr": "Signature",
            "de": "Unterschrift",
            "it": "Firma",
            "pt": "Assinatura",
        },
    },
}

# The form every new host account starts with.
DEFAULT_FORM_KEYS = list(STANDARD_FIELDS)
