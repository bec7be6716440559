"""The benchmark data set (issue 14): host accounts with two years of realistic history, made in about a minute.

    .venv/bin/python -m bench.generate              # 50 accounts, 1,000 properties, 200,000 reservations
    .venv/bin/python -m bench.generate --small      # 2 accounts, 40 properties, 2,000 reservations
    .venv/bin/python -m bench.generate --wipe       # delete the bench accounts made before, then make them anew
    .venv/bin/python -m bench.generate --accounts 10 --properties-per-account 5 --reservations 20000 --seed 7

Into the database of DATABASE_URL: PostgreSQL (SQLite only with --small), on gorently.settings unless
DJANGO_SETTINGS_MODULE names others (the load suite runs it on bench.load_settings). Per host account n:

- its team: owner{n}@bench.gorently.test, manager{n}@… (half the properties), concierge{n}@… (three); and
  the platform's admin@bench.gorently.test (staff, superuser). Password bench-pass-2026 for all.
- the account as sign-up makes it (accounts.services.create_organization: its default check-in form),
  with a contact, a brand (properties.services.save_brand), a Stripe account able to sell, the demo's
  extras (payments' seed_demo_extras) and, per property, the demo guide's sections and two places, and
  the shared house rules (properties.services.create_section);
- reservations over the two years around today, never overlapping at a property (except the canceled
  ones): booked ahead, mostly confirmed, some canceled; guests with names of six languages (some common
  enough that a search for "garcia" or "anna" finds thousands), their Guest rows (1 to 4);
- online check-ins as the portal leaves them: about half the stays that began, more of the closer
  arrivals; answers encrypted, identity documents for the check-ins the retention purge has not reached
  yet, and that purge applied to the older ones (GUEST_DOCUMENT_RETENTION_DAYS);
- conversations with some guests (WhatsApp, SMS, email) and orders of extras for others, with their
  Stripe transactions.

Seeded (--seed, default 1): the same seed gives the same data, relative to today. The portal and guide
tokens stay random (the models' defaults), and so do the documents' file names.

Fast: the small tables go through the services or bulk_create; the big ones are written with COPY on
PostgreSQL (one INSERT per batch elsewhere) from values the model fields prepare: answers are encrypted
by EncryptedJSONField, one by one; plain values skip the preparation, which the first rows of each table
are checked against. The signatures are typed (answers, no file); the documents' photo is cleaned by the
portal's own upload check and encrypted once, its files hard links to one copy on local disk. As a
superuser on PostgreSQL the foreign keys of the COPYed rows are checked by one query per key instead of
row by row at commit (see unchecked_keys). Ends with VACUUM ANALYZE (this machine has no autovacuum).

Without --wipe it refuses to run once bench accounts exist. --wipe deletes only the accounts whose whole
team is @bench.gorently.test, everything in them, their files, and the @bench.gorently.test users.
"""

import argparse
import math
import os
import random
import string
import sys
import time
import unicodedata
import zoneinfo
from bisect import bisect_left
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from functools import cache
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gorently.settings")

import django
from django.apps import apps

if not apps.ready:
    django.setup()

import phonenumbers
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import slugify
from phonenumber_field.modelfields import PhoneNumberField

from accounts.models import Membership, Organization, User
from accounts.permissions import Role
from accounts.services import create_organization
from gorently.encrypted_files import encrypt
from gorently.timezones import validate_timezone
from notifications.models import Channel as MessageChannel
from notifications.models import Direction, Message, MessageStatus
from payments.management.commands.seed_demo_extras import EXTRAS
from payments.models import (
    Order,
    OrderItem,
    OrderKind,
    OrderStatus,
    PaymentAccount,
    Pricing,
    Transaction,
    TransactionKind,
    Upsell,
)
from payments.money import commission_of, default_percent, refund_commission
from payments.services.checkout import SESSION_MINUTES, _cart_key
from properties.models import Font, GuidePlace, GuideSection, Property, SectionKind
from properties.models.guide import KIND_ICONS
from properties.services import create_section, save_brand
from reservations.checkin.answers import clean_answer
from reservations.checkin.fields import FieldScope, FieldType
from reservations.checkin.models import (
    CheckinForm,
    CheckinSubmission,
    DocumentKind,
    GuestDocument,
    document_path,
)
from reservations.checkin.services.forms import current_version
from reservations.checkin.steps import document_slots, steps_for
from reservations.checkin.uploads import clean_document, clean_typed_signature
from reservations.management.commands._demo_checkins import _id_card
from reservations.management.commands._demo_guides import HOUSE_RULES, SECTIONS
from reservations.models import Channel, CheckinStatus, Guest, Reservation, ReservationStatus

BENCH_DOMAIN = "bench.gorently.test"
PASSWORD = "bench-pass-2026"
ADMIN_EMAIL = f"admin@{BENCH_DOMAIN}"
DEFAULT_SIZE = {"accounts": 50, "properties_per_account": 20, "reservations": 200_000}
SMALL_SIZE = {"accounts": 2, "properties_per_account": 20, "reservations": 2_000}
BATCH = 5_000
WINDOW_DAYS = 365  # stays from a year before today to a year after
PLATFORM_WHATSAPP, PLATFORM_SMS = "whatsapp:+14155238886", "+15005550006"  # the senders `make run`'s fake uses

# --- Names: six languages, most common first (picked with Zipf weights, so the first ones are frequent) --------

NAMES = {
    "en": (
        "Emma,Olivia,Hannah,Sophie,Emily,Charlotte,Grace,Amelia,Jessica,Lucy,Sarah,Anna,Chloe,Megan,Rachel,Laura,"
        "Katie,Ellie,Isabella,Rebecca,Joanna,Alice,Ruby,Holly,Georgia,Amy,Lauren,Molly,Zoe,Annabel",
        "James,Oliver,Jack,Thomas,William,Harry,George,Daniel,Michael,David,Samuel,Joseph,Matthew,Benjamin,Liam,"
        "Noah,Ethan,Ryan,Lewis,Adam,Luke,Connor,Alexander,Henry,Charlie,Nathan,Owen,Patrick,Robert,John",
        "Smith,Jones,Williams,Taylor,Brown,Garcia,Davies,Evans,Wilson,Johnson,Thomas,Roberts,Walker,Wright,Robinson,"
        "Thompson,White,Hughes,Edwards,Green,Hall,Wood,Harris,Martin,Lewis,Clarke,Jackson,Clark,Turner,Hill,Scott,"
        "Cooper,Morris,Ward,Moore,King,Watson,Baker,Kelly,O'Brien,Murphy,Miller,Anderson,Martinez,Davis,Rodriguez",
    ),
    "es": (
        "María,Lucía,Ana,Laura,Carmen,Marta,Paula,Sara,Elena,Cristina,Isabel,Andrea,Sofía,Alba,Julia,Raquel,Irene,"
        "Nuria,Patricia,Silvia,Beatriz,Rocío,Claudia,Marina,Susana,Pilar,Mariana,Inés,Noelia,Lorena",
        "Alejandro,Daniel,Pablo,David,Javier,Carlos,Manuel,José,Sergio,Álvaro,Adrián,Diego,Jorge,Miguel,Antonio,"
        "Juan,Francisco,Iván,Rubén,Hugo,Mario,Raúl,Víctor,Luis,Marcos,Andrés,Fernando,Gonzalo,Óscar,Rafael",
        "García,Rodríguez,González,Fernández,López,Martínez,Sánchez,Pérez,Gómez,Martín,Jiménez,Ruiz,Hernández,Díaz,"
        "Moreno,Muñoz,Álvarez,Romero,Alonso,Gutiérrez,Navarro,Torres,Domínguez,Vázquez,Ramos,Gil,Ramírez,Serrano,"
        "Blanco,Molina,Morales,Suárez,Ortega,Delgado,Castro,Ortiz,Rubio,Marín,Sanz,Iglesias",
    ),
    "fr": (
        "Camille,Léa,Manon,Chloé,Emma,Inès,Sarah,Julie,Marie,Laura,Lucie,Anaïs,Mathilde,Pauline,Clara,Juliette,"
        "Charlotte,Élise,Margaux,Océane,Anne,Justine,Claire,Amandine,Céline,Louise,Jeanne,Audrey,Marine,Hélène",
        "Lucas,Hugo,Louis,Thomas,Nicolas,Julien,Maxime,Antoine,Alexandre,Guillaume,Pierre,Romain,Mathieu,Clément,"
        "Théo,Baptiste,Jules,Arthur,Paul,Adrien,Quentin,Vincent,Florian,Benoît,Sébastien,Olivier,François,Étienne,"
        "Gabriel,Raphaël",
        "Martin,Bernard,Dubois,Thomas,Robert,Richard,Petit,Durand,Leroy,Moreau,Simon,Laurent,Lefebvre,Michel,Garcia,"
        "David,Bertrand,Roux,Vincent,Fournier,Morel,Girard,André,Lefèvre,Mercier,Dupont,Lambert,Bonnet,François,"
        "Martinez,Legrand,Garnier,Faure,Rousseau,Blanc,Guérin,Muller,Henry,Roussel,Nicolas",
    ),
    "de": (
        "Anna,Lena,Laura,Julia,Sarah,Lea,Hannah,Lisa,Katharina,Sophie,Johanna,Marie,Leonie,Clara,Emilia,Mia,Lara,"
        "Nina,Sandra,Stefanie,Melanie,Christina,Jana,Franziska,Vanessa,Annika,Susanne,Sabine,Theresa,Greta",
        "Lukas,Maximilian,Jonas,Leon,Felix,Paul,Jan,Niklas,Tim,Florian,Alexander,Sebastian,Tobias,Philipp,Moritz,"
        "Julian,David,Simon,Fabian,Michael,Stefan,Thomas,Andreas,Markus,Matthias,Daniel,Christian,Johannes,"
        "Benedikt,Elias",
        "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schulz,Hoffmann,Schäfer,Koch,Bauer,Richter,"
        "Klein,Wolf,Schröder,Neumann,Schwarz,Zimmermann,Braun,Krüger,Hofmann,Hartmann,Lange,Schmitt,Werner,Schmitz,"
        "Krause,Meier,Lehmann,Schmid,Schulze,Maier,Köhler,Herrmann,König,Walter,Mayer,Huber",
    ),
    "it": (
        "Giulia,Chiara,Francesca,Sara,Martina,Anna,Valentina,Alessia,Federica,Elisa,Giorgia,Silvia,Elena,Alice,"
        "Laura,Sofia,Marta,Beatrice,Ilaria,Roberta,Giovanna,Paola,Veronica,Aurora,Camilla,Marianna,Serena,Michela,"
        "Arianna,Susanna",
        "Marco,Alessandro,Andrea,Luca,Matteo,Francesco,Lorenzo,Davide,Simone,Federico,Riccardo,Stefano,Giuseppe,"
        "Giovanni,Antonio,Paolo,Roberto,Gabriele,Tommaso,Nicola,Daniele,Fabio,Emanuele,Filippo,Pietro,Michele,"
        "Leonardo,Edoardo,Mattia,Salvatore",
        "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,Marino,Greco,Bruno,Gallo,Conti,De Luca,Mancini,"
        "Costa,Giordano,Rizzo,Lombardi,Moretti,Barbieri,Fontana,Santoro,Mariani,Rinaldi,Caruso,Ferrara,Galli,"
        "Martini,Leone,Longo,Gentile,Martinelli,Vitale,Lombardo,Serra,Coppola,De Santis,D'Angelo,Marchetti",
    ),
    "pt": (
        "Maria,Ana,Beatriz,Mariana,Inês,Catarina,Sofia,Joana,Carolina,Rita,Leonor,Marta,Sara,Diana,Francisca,"
        "Matilde,Daniela,Filipa,Raquel,Teresa,Juliana,Camila,Fernanda,Gabriela,Larissa,Patrícia,Cláudia,Luana,"
        "Vitória,Helena",
        "João,Pedro,Tiago,Miguel,Rui,Diogo,Gonçalo,Rodrigo,Francisco,Duarte,Luís,Bruno,André,Ricardo,Nuno,Afonso,"
        "Tomás,Martim,Gustavo,Lucas,Rafael,Mateus,Paulo,Sérgio,Vasco,Henrique,Filipe,Guilherme,Caio,Vinícius",
        "Silva,Santos,Ferreira,Pereira,Oliveira,Costa,Rodrigues,Martins,Jesus,Sousa,Fernandes,Gonçalves,Gomes,"
        "Lopes,Marques,Alves,Almeida,Ribeiro,Pinto,Carvalho,Teixeira,Moreira,Correia,Mendes,Nunes,Soares,Vieira,"
        "Monteiro,Cardoso,Rocha,Neves,Coelho,Cruz,Cunha,Pires,Ramos,Reis,Simões,Antunes,Matos",
    ),
}
LANGUAGES = list(NAMES)
# Where the guests of each language come from (nationality, weight); their phones are of that country.
NATIONALITIES = {
    "en": [("GB", 45), ("US", 35), ("IE", 8), ("AU", 6), ("CA", 6)],
    "es": [("ES", 75), ("MX", 15), ("AR", 10)],
    "fr": [("FR", 75), ("BE", 15), ("CH", 10)],
    "de": [("DE", 75), ("AT", 15), ("CH", 10)],
    "it": [("IT", 90), ("CH", 10)],
    "pt": [("PT", 60), ("BR", 40)],
}
EU_ID_CARDS = {"ES", "FR", "BE", "DE", "AT", "IT", "PT", "CH"}
# Mobile numbers: (calling code, a national prefix to try, national length). Prefixes are kept only after
# libphonenumber finds numbers under them valid (see Phones), so every number made is valid E.164.
MOBILES = {
    "GB": ("44", lambda r: "7" + _digits(r, 4), 10),
    "IE": ("353", lambda r: "8" + r.choice("35679") + _digits(r, 3), 9),
    "US": (
        "1",
        lambda r: r.choice(["212", "305", "312", "415", "512", "617", "646", "713", "917"]) + _digits(r, 2),
        10,
    ),
    "CA": ("1", lambda r: r.choice(["416", "514", "604", "613"]) + str(r.randrange(2, 10)) + _digits(r, 1), 10),
    "AU": ("61", lambda r: "4" + _digits(r, 4), 9),
    "ES": ("34", lambda r: "6" + _digits(r, 4), 9),
    "MX": ("52", lambda r: r.choice(["55", "33", "81"]) + _digits(r, 3), 10),
    "AR": ("54", lambda r: "911" + str(r.randrange(2, 8)) + _digits(r, 1), 11),
    "FR": ("33", lambda r: r.choice("67") + _digits(r, 4), 9),
    "BE": ("32", lambda r: "4" + r.choice("6789") + _digits(r, 3), 9),
    "CH": ("41", lambda r: "7" + r.choice("5789") + _digits(r, 3), 9),
    "DE": (
        "49",
        lambda r: r.choice(["151", "152", "157", "160", "170", "172", "176", "177", "179"]) + _digits(r, 2),
        11,
    ),
    "AT": ("43", lambda r: r.choice(["650", "660", "664", "676", "680", "699"]) + _digits(r, 2), 10),
    "IT": ("39", lambda r: "3" + _digits(r, 4), 10),
    "PT": ("351", lambda r: "9" + r.choice("1236") + _digits(r, 3), 9),
    "BR": ("55", lambda r: r.choice(["11", "21", "31", "41", "51", "61", "71", "81"]) + "9" + _digits(r, 2), 11),
}

# --- Places: where the host accounts are ------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    name: str
    country: str
    timezone: str
    currency: str
    language: str
    streets: tuple


CITIES = [
    City(
        "Valencia", "ES", "Europe/Madrid", "eur", "es", ("Carrer de la Reina", "Avinguda del Port", "Carrer de Cádiz")
    ),
    City(
        "Barcelona", "ES", "Europe/Madrid", "eur", "es", ("Carrer de Mallorca", "Carrer del Rec", "Passeig de Gràcia")
    ),
    City("Málaga", "ES", "Europe/Madrid", "eur", "es", ("Calle Larios", "Paseo de Reding", "Calle Victoria")),
    City("Lisbon", "PT", "Europe/Lisbon", "eur", "pt", ("Rua dos Remédios", "Rua da Rosa", "Calçada do Combro")),
    City("Porto", "PT", "Europe/Lisbon", "eur", "pt", ("Rua das Flores", "Rua de Cedofeita", "Rua do Almada")),
    City("Nice", "FR", "Europe/Paris", "eur", "fr", ("Rue de France", "Boulevard Gambetta", "Rue Droite")),
    City("Paris", "FR", "Europe/Paris", "eur", "fr", ("Rue Oberkampf", "Rue de Charonne", "Rue des Martyrs")),
    City("Chamonix", "FR", "Europe/Paris", "eur", "fr", ("Route des Pècles", "Chemin des Moussoux", "Rue Vallot")),
    City("Rome", "IT", "Europe/Rome", "eur", "it", ("Via Margutta", "Via dei Coronari", "Via del Governo Vecchio")),
    City("Florence", "IT", "Europe/Rome", "eur", "it", ("Via dei Serragli", "Borgo San Frediano", "Via Ghibellina")),
    City("Berlin", "DE", "Europe/Berlin", "eur", "de", ("Oranienstraße", "Kastanienallee", "Bergmannstraße")),
    City("Munich", "DE", "Europe/Berlin", "eur", "de", ("Türkenstraße", "Gärtnerplatz", "Schellingstraße")),
    City("London", "GB", "Europe/London", "gbp", "en", ("Columbia Road", "Portobello Road", "Upper Street")),
    City("Edinburgh", "GB", "Europe/London", "gbp", "en", ("Royal Mile", "Dundas Street", "Broughton Street")),
    City("Miami", "US", "America/New_York", "usd", "en", ("Ocean Drive", "Collins Avenue", "Española Way")),
    City("Austin", "US", "America/Chicago", "usd", "en", ("South Congress Avenue", "East 6th Street", "Rainey Street")),
    City("San Diego", "US", "America/Los_Angeles", "usd", "en", ("Newport Avenue", "India Street", "Garnet Avenue")),
]
ACCOUNT_SUFFIXES = ["Stays", "Holiday Homes", "Apartments", "Rentals", "Retreats", "Living"]
PROPERTY_WORDS = ["Sea View", "Old Town", "Sunny", "Cosy", "Garden", "Rooftop", "Riverside", "Central", "Quiet",
                  "Bright", "Historic", "Modern"]  # fmt: skip
PROPERTY_KINDS = [  # (kind, fewest and most guests)
    ("Studio", 2, 2),
    ("Loft", 2, 3),
    ("Apartment", 2, 6),
    ("Flat", 2, 5),
    ("Suite", 2, 4),
    ("Penthouse", 4, 6),
    ("House", 4, 8),
    ("Villa", 6, 10),
]
PLACES = [  # (name, category, note) near each property: {city} filled in
    ("Mercado {city}", "Market", "Go before noon for the best stalls."),
    ("Café Central", "Café", "The best breakfast two streets away."),
    ("La Terraza", "Restaurant", "Book a table at sunset."),
    ("{city} Old Town walk", "Excursion", "Two hours on foot, comfortable shoes."),
    ("Parque Municipal", "Park", "Playground and shade for the afternoon."),
]
BRANDS = [
    ("#0f5e75", "#f2a65a"),
    ("#1a6b5c", "#e0a526"),
    ("#7a2e3b", "#e8b04a"),
    ("#2d3a8c", "#f08a5d"),
    ("#234e52", "#ed8936"),
    ("#5b2a86", "#f6ae2d"),
    ("#0b6e4f", "#fa9f42"),
    ("#8c2f39", "#ffd166"),
    ("#264653", "#e9c46a"),
    ("#1d3557", "#e63946"),
]
NOTES = [
    "Late arrival: keys in the lock box.",
    "Returning guest, leave a bottle of wine.",
    "Asked for a baby cot.",
    "Celebrating an anniversary.",
    "Travelling with a small dog (approved).",
    "Needs an invoice for their company.",
]

# --- What guests and hosts write -------------------------------------------------------------------------------

QUESTIONS = {  # a guest's question, the host's answer (same position), the guest's thanks
    "en": (
        [
            "Hi! What time can we check in?",
            "Hello, is there parking near the apartment?",
            "Hi, we're running late and will arrive around 22:00. Is that ok?",
        ],
        [
            "Hello! Check-in is from {time}; the door code is in your guide once you've checked in online.",
            "Yes: street parking is free after 8 pm, and there is a garage two streets away.",
            "No problem at all, the key box works at any time. Safe travels!",
        ],
        ["Perfect, thank you!", "Great, thanks a lot!"],
    ),
    "es": (
        [
            "¡Hola! ¿A qué hora podemos hacer el check-in?",
            "Hola, ¿hay aparcamiento cerca del apartamento?",
            "Hola, llegaremos tarde, sobre las 22:00. ¿Hay algún problema?",
        ],
        [
            "¡Hola! La entrada es a partir de las {time}; el código está en tu guía tras el check-in online.",
            "Sí: en la calle es gratis después de las 20:00 y hay un garaje a dos calles.",
            "Ningún problema, la caja de llaves funciona a cualquier hora. ¡Buen viaje!",
        ],
        ["¡Perfecto, gracias!", "¡Genial, muchas gracias!"],
    ),
    "fr": (
        [
            "Bonjour ! À quelle heure pouvons-nous arriver ?",
            "Bonjour, y a-t-il un parking près de l'appartement ?",
            "Bonjour, nous aurons du retard, arrivée vers 22h. Est-ce possible ?",
        ],
        [
            "Bonjour ! L'arrivée est possible dès {time} ; le code est dans votre guide après l'enregistrement.",
            "Oui : le stationnement est gratuit dans la rue après 20h, et il y a un parking à deux rues.",
            "Aucun problème, la boîte à clés fonctionne à toute heure. Bon voyage !",
        ],
        ["Parfait, merci !", "Super, merci beaucoup !"],
    ),
    "de": (
        [
            "Hallo! Ab wann können wir einchecken?",
            "Hallo, gibt es Parkplätze in der Nähe der Wohnung?",
            "Hallo, wir kommen später, gegen 22 Uhr. Ist das in Ordnung?",
        ],
        [
            "Hallo! Check-in ist ab {time}; der Türcode steht nach dem Online-Check-in in Ihrem Gästebuch.",
            "Ja: Parken auf der Straße ist ab 20 Uhr kostenlos, ein Parkhaus ist zwei Straßen weiter.",
            "Kein Problem, der Schlüsselkasten funktioniert jederzeit. Gute Reise!",
        ],
        ["Perfekt, danke!", "Super, vielen Dank!"],
    ),
    "it": (
        [
            "Ciao! A che ora possiamo fare il check-in?",
            "Buongiorno, c'è un parcheggio vicino all'appartamento?",
            "Ciao, arriveremo in ritardo, verso le 22:00. Va bene?",
        ],
        [
            "Ciao! Il check-in è dalle {time}; il codice è nella guida dopo il check-in online.",
            "Sì: in strada si parcheggia gratis dopo le 20, e c'è un garage a due vie da qui.",
            "Nessun problema, la cassetta delle chiavi funziona a qualsiasi ora. Buon viaggio!",
        ],
        ["Perfetto, grazie!", "Ottimo, grazie mille!"],
    ),
    "pt": (
        [
            "Olá! A que horas podemos fazer o check-in?",
            "Olá, há estacionamento perto do apartamento?",
            "Olá, vamos chegar tarde, por volta das 22:00. Pode ser?",
        ],
        [
            "Olá! O check-in é a partir das {time}; o código está no seu guia depois do check-in online.",
            "Sim: na rua é grátis depois das 20h, e há uma garagem a duas ruas.",
            "Sem problema, a caixa das chaves funciona a qualquer hora. Boa viagem!",
        ],
        ["Perfeito, obrigado!", "Ótimo, muito obrigado!"],
    ),
}
REMINDERS = {  # the team's text message before arrival, and the subject and text of an email
    "en": (
        "Hi {first}, we look forward to seeing you on {date}! Check in online before you arrive: it takes two minutes.",
        "Your stay at {property}",
        "Hello {first},\n\nThank you for booking {property}. Your check-in is from {time} on {date}.\n\n"
        "See you soon,\n{host}",
    ),
    "es": (
        "Hola {first}, ¡te esperamos el {date}! Haz el check-in online antes de llegar: son dos minutos.",
        "Tu estancia en {property}",
        "Hola {first}:\n\nGracias por reservar {property}. La entrada es a partir de las {time} del {date}.\n\n"
        "Hasta pronto,\n{host}",
    ),
    "fr": (
        "Bonjour {first}, à bientôt le {date} ! Enregistrez-vous en ligne avant d'arriver : deux minutes suffisent.",
        "Votre séjour à {property}",
        "Bonjour {first},\n\nMerci d'avoir réservé {property}. L'arrivée est possible dès {time} le {date}.\n\n"
        "À bientôt,\n{host}",
    ),
    "de": (
        "Hallo {first}, wir freuen uns auf den {date}! Checken Sie vorher online ein: Das dauert zwei Minuten.",
        "Ihr Aufenthalt in {property}",
        "Hallo {first},\n\ndanke für Ihre Buchung von {property}. Check-in ist ab {time} am {date}.\n\n"
        "Bis bald,\n{host}",
    ),
    "it": (
        "Ciao {first}, ti aspettiamo il {date}! Fai il check-in online prima di arrivare: bastano due minuti.",
        "Il tuo soggiorno a {property}",
        "Ciao {first},\n\ngrazie per aver prenotato {property}. Il check-in è dalle {time} del {date}.\n\n"
        "A presto,\n{host}",
    ),
    "pt": (
        "Olá {first}, esperamos por si a {date}! Faça o check-in online antes de chegar: são dois minutos.",
        "A sua estadia em {property}",
        "Olá {first},\n\nObrigado por reservar {property}. O check-in é a partir das {time} de {date}.\n\n"
        "Até breve,\n{host}",
    ),
}


def _digits(rng, n):
    return "".join(rng.choices(string.digits, k=n))


def _letters(rng, n, alphabet=string.ascii_uppercase):
    return "".join(rng.choices(alphabet, k=n))


def _companion(main_row, person, **fields):
    """A guest row of the party beside the booker: their name only (the booker holds the contact details)."""
    return main_row | {
        "is_main": False,
        "first_name": person["first_name"],
        "last_name": person["last_name"],
        "email": "",
        "phone": "",
        **fields,
    }


@cache
def _folded(text):
    """The text without accents, as many guests type their name on booking sites: "Müller" → "Muller"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@cache
def _local_part(name):
    """A name as it appears in an email address: "O'Brien" → "obrien"."""
    return "".join(c for c in _folded(name).lower() if c.isalnum())


def _zipf(items, exponent=1.0):
    """(items, cumulative weights): the first items are the most frequent."""
    return items, list(accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))


def _pick(rng, weighted):
    items, cumulative = weighted
    return items[bisect_left(cumulative, rng.random() * cumulative[-1])]


def _weighted(pairs):
    items, weights = zip(*pairs, strict=True)
    return list(items), list(accumulate(weights))


def _utc(day, hours=0.0):
    """Midnight UTC of `day`, plus some hours."""
    return datetime.combine(day, clock(), tzinfo=UTC) + timedelta(hours=hours)


def _between(rng, start, end):
    """A moment between two datetimes (the first when they are the wrong way round)."""
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


# How stays are booked.
CHANNELS = _weighted([(Channel.AIRBNB, 45), (Channel.BOOKING, 30), (Channel.VRBO, 10), (Channel.DIRECT, 15)])
CONFIRMATION_CODES = {  # as each channel writes them
    Channel.AIRBNB: lambda rng, day: "HM" + _letters(rng, 8, string.ascii_uppercase + string.digits),
    Channel.BOOKING: lambda rng, day: str(rng.randrange(10**9, 10**10)),
    Channel.VRBO: lambda rng, day: "HA-" + _letters(rng, 6, string.ascii_uppercase + string.digits),
    Channel.DIRECT: lambda rng, day: f"D{day:%y}-{_digits(rng, 5)}",
}
PARTY_SIZES = _weighted([(1, 20), (2, 47), (3, 15), (4, 18)])


class Phones:
    """Valid mobile numbers (E.164) of each country: random digits under prefixes libphonenumber accepts."""

    def __init__(self, seed):
        self.prefixes = {}
        for country, (code, prefix, length) in MOBILES.items():
            rng = random.Random(f"phones:{seed}:{country}")
            found = set()
            for _attempt in range(2_000):
                candidate = prefix(rng)
                if all(
                    self._valid(country, f"+{code}{candidate}{_digits(rng, length - len(candidate))}") for _ in "abc"
                ):
                    found.add(candidate)
                if len(found) == 30:
                    break
            self.prefixes[country] = (code, sorted(found), length)

    @staticmethod
    def _valid(country, number):
        parsed = phonenumbers.parse(number, None)
        return (
            phonenumbers.is_valid_number(parsed)
            and phonenumbers.region_code_for_number(parsed) == country
            and phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number
        )

    def make(self, rng, country):
        code, prefixes, length = self.prefixes[country]
        prefix = rng.choice(prefixes)
        return f"+{code}{prefix}{_digits(rng, length - len(prefix))}"


class People:
    """Names, addresses and identity papers of guests, from the lists above."""

    def __init__(self, phones):
        self.phones = phones
        self.names = {
            language: (_zipf(female.split(",")), _zipf(male.split(",")), _zipf(last.split(","), 0.9))
            for language, (female, male, last) in NAMES.items()
        }
        self.nationalities = {language: _weighted(pairs) for language, pairs in NATIONALITIES.items()}

    def first_name(self, rng, language):
        female, male, _last = self.names[language]
        return _pick(rng, female if rng.random() < 0.5 else male)

    def last_name(self, rng, language):
        if rng.random() < 0.08:  # a name of another language: couples, families abroad
            language = rng.choice(LANGUAGES)
        return _pick(rng, self.names[language][2])

    def nationality(self, rng, language):
        return _pick(rng, self.nationalities[language])

    def email(self, rng, first, last):
        first, last = _local_part(first), _local_part(last)
        style = rng.randrange(4)
        if style == 0:
            local = f"{first}.{last}"
        elif style == 1:
            local = f"{first[0]}{last}"
        else:
            local = f"{first}{'.' if style == 3 else ''}{last}{rng.randrange(1, 99)}"
        return f"{local}@example.{rng.choice(('com', 'net', 'org'))}"

    def phone(self, rng, country):
        return self.phones.make(rng, country)

    @staticmethod
    def document(rng, nationality):
        """(type, number) of an identity document: EU residents mostly carry an ID card."""
        roll = rng.random()
        if nationality in EU_ID_CARDS and roll < 0.45:
            return "id_card", _digits(rng, 8) + _letters(rng, 1)
        if roll > 0.93:
            return "driving_licence", _letters(rng, 1) + _digits(rng, 7) + _letters(rng, 2)
        return "passport", _letters(rng, 2) + _digits(rng, 7)


# --- Writing rows as the model fields store them ---------------------------------------------------------------

# Fields whose stored value is the Python value itself on PostgreSQL (psycopg adapts it): these skip the
# field's preparation for speed; every other field (JSON, encrypted, files…) goes through get_db_prep_save.
# The first rows of each table are checked against get_db_prep_save anyway (Writer._check).
PLAIN_FIELDS = {
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.EmailField,
    models.ForeignKey,
    models.IntegerField,
    models.OneToOneField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.TextField,
    PhoneNumberField,
}
CHECKED_ROWS = 50


class Writer:
    """Inserts rows (dicts of attnames) as the models' fields would store them: COPY on PostgreSQL."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.rows = Counter()
        self._reserved = {}

    def ids(self, model, count):
        """`count` fresh primary keys of the model's table, for rows that other rows point at."""
        if not count:
            return []
        table, pk = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
                )
                return [row[0] for row in cursor.fetchall()]
            quote = connection.ops.quote_name
            cursor.execute(f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}")
            top = cursor.fetchone()[0]
            if connection.vendor == "sqlite":  # AUTOINCREMENT: the ids of deleted rows are never given again
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                row = cursor.fetchone()
                top = max(top, row[0] if row else 0)
        start = max(top, self._reserved.get(table, 0)) + 1
        self._reserved[table] = start + count - 1
        return list(range(start, start + count))

    def insert(self, model, rows):
        """Write `rows` (dicts of attnames, all with the same keys); other fields take their defaults."""
        if not rows:
            return
        fields = {f.attname: f for f in model._meta.concrete_fields}
        columns = list(rows[0])
        now = timezone.now()
        generated, constant = [], []  # the fields the rows leave out: per-row defaults (tokens), fixed ones
        for f in model._meta.concrete_fields:
            if f.attname in rows[0] or f.primary_key or f.generated:  # the database writes a generated column
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                constant.append((f, now))
            elif f.has_default() and callable(f.default):
                generated.append((f, f.default))
            else:
                constant.append((f, f.get_default()))
        all_fields = [fields[name] for name in columns] + [f for f, _ in generated] + [f for f, _ in constant]
        converters = [self._converter(f) for f in all_fields]
        conversions = [(i, convert) for i, convert in enumerate(converters) if convert]
        get = itemgetter(*columns)
        single = len(columns) == 1
        constants = tuple(value for _f, value in constant)
        makers = [make for _f, make in generated]

        def prepared():
            for number, row in enumerate(rows):
                values = (get(row),) if single else get(row)
                if makers:
                    values += tuple(make() for make in makers)
                values += constants
                if number < CHECKED_ROWS:
                    self._check(model, all_fields, converters, values)
                if conversions:
                    values = list(values)
                    for i, convert in conversions:
                        values[i] = convert(values[i])
                yield values

        sql_columns = ", ".join(connection.ops.quote_name(f.column) for f in all_fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({sql_columns}) FROM STDIN") as copy:
                    for values in prepared():
                        copy.write_row(values)
            else:
                placeholders = ", ".join(["%s"] * len(all_fields))
                sql = f"INSERT INTO {table} ({sql_columns}) VALUES ({placeholders})"
                batch = []
                for values in prepared():
                    batch.append(values)
                    if len(batch) == BATCH:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
        self.rows[model] += len(rows)

    def _converter(self, f):
        if self.postgres and type(f) in PLAIN_FIELDS:
            return None

        def convert(value):
            return f.get_db_prep_save(value, connection)

        return convert

    @staticmethod
    def _check(model, fields, converters, values):
        for f, convert, value in zip(fields, converters, values, strict=True):
            if convert is None and f.get_db_prep_save(value, connection) != value:
                raise AssertionError(
                    f"{model.__name__}.{f.name}: {value!r} would be stored as {f.get_db_prep_save(value, connection)!r}"
                )


@contextmanager
def unchecked_keys():
    """On PostgreSQL, for a superuser: the foreign keys of the rows written or deleted meanwhile are not checked
    row by row at commit (session_replication_role = replica, as pg_restore --disable-triggers does) but by
    `check_keys` afterwards, one query per key (the app has no triggers of its own). Yields whether it is so."""
    skipping = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            skipping = bool(cursor.fetchone()[0])
            if skipping:
                cursor.execute("SET LOCAL session_replication_role = replica")
    yield skipping
    if skipping:  # (after an error the transaction is rolled back, and the setting with it)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def check_keys(keys):
    """Each of these foreign keys (fields) points at a row everywhere: else IntegrityError, and all is rolled back."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for key in keys:
            column, target = quote(key.column), key.target_field
            cursor.execute(
                f"SELECT c.{column} FROM {quote(key.model._meta.db_table)} c WHERE c.{column} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {quote(target.model._meta.db_table)} t "
                f"WHERE t.{quote(target.column)} = c.{column}) LIMIT 1"
            )
            missing = cursor.fetchone()
            if missing:
                raise IntegrityError(f"{key.model.__name__}.{key.name} points at no row: {missing[0]}")


def _keys_of(written):
    return [f for model in written for f in model._meta.concrete_fields if f.is_relation]


def _keys_to(deleted):
    return [
        f
        for model in apps.get_models(include_auto_created=True)
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model in deleted
    ]


# --- The data set ----------------------------------------------------------------------------------------------


class Stay:
    """One reservation being made, with what the rows after it (guests, check-in, messages, orders) need."""

    id = prop = check_in = check_out = status = channel = code = guests_count = None
    first = last = name = email = phone = language = nationality = notes = None
    booked_at = canceled_at = started_at = submitted_at = party = submission_id = None
    checkin = CheckinStatus.NOT_STARTED
    people = ()

    def __init__(self, **values):
        self.__dict__.update(values)

    @property
    def live(self):
        return self.status != ReservationStatus.CANCELED


@dataclass
class Account:
    n: int
    rng: random.Random
    city: City
    organization: Organization = None
    members: dict = field(default_factory=dict)
    properties: list = field(default_factory=list)
    version: object = None
    specs: list = field(default_factory=list)
    steps: dict = field(default_factory=dict)  # party size: the check-in's step slugs
    upsells: list = field(default_factory=list)
    languages: tuple = ()  # the guests' languages, weighted: the account's own more often


@dataclass
class Report:
    counts: dict
    timings: list
    total: float
    removed: dict = field(default_factory=dict)


class BenchDataExists(Exception):
    """Bench accounts are in the database already (and --wipe was not given)."""


class Clock:
    def __init__(self):
        self.parts = {}

    @contextmanager
    def part(self, label):
        began = time.perf_counter()
        try:
            yield
        finally:
            self.parts[label] = self.parts.get(label, 0.0) + time.perf_counter() - began


def bench_users():
    return User.objects.filter(email__iendswith="@" + BENCH_DOMAIN)


def bench_organizations():
    """Host accounts whose whole team is bench users: the only accounts --wipe deletes."""
    members = Membership.objects.filter(organization=OuterRef("pk"))
    bench = members.filter(user__email__iendswith="@" + BENCH_DOMAIN)
    return Organization.objects.filter(Exists(bench)).exclude(Exists(members.exclude(user__in=bench_users())))


def bench_data_exists():
    return bench_users().exists() or bench_organizations().exists()


class Generator:
    def __init__(self, *, accounts, properties_per_account, reservations, seed, today, now, clock):
        self.accounts = accounts
        self.properties_per_account = properties_per_account
        self.reservations = reservations
        self.seed = seed
        self.today, self.now = today, now
        self.clock = clock
        self.writer = Writer()
        self.people = People(Phones(seed))
        self.retention_cutoff = now.astimezone(UTC).date() - timedelta(days=settings.GUEST_DOCUMENT_RETENTION_DAYS)
        self.percent = default_percent()
        self.files = []  # (storage, name) written, removed again if the generation fails
        self.document = None
        self.checked_answers = 0
        self.counts = Counter()

    # --- Accounts, team, properties ---

    def run(self):
        for city in CITIES:  # (once per zone: the validator lists the system's zones, 20 ms a time)
            validate_timezone(city.timezone)
        with self.clock.part("accounts, teams, forms"):
            password = make_password(PASSWORD)  # hashed once: every bench user shares it
            accounts = []
            for n in range(1, self.accounts + 1):
                city = CITIES[(n - 1) % len(CITIES)]
                languages = _weighted([(language, 30 + 25 * (language == city.language)) for language in LANGUAGES])
                accounts.append(
                    Account(n=n, rng=random.Random(f"bench:{self.seed}:{n}"), city=city, languages=languages)
                )
            users = self.users(accounts, password)
            for account in accounts:
                self.organization(account, users)
        with self.clock.part("properties, brands, guides, extras"):
            self.properties(accounts)
            self.catalogues(accounts)
            for account in accounts:
                self.team(account, users)
        self.document = self.document_file()
        per_account = _split(self.reservations, [1] * len(accounts))
        with unchecked_keys() as unchecked:
            for account, count in zip(accounts, per_account, strict=True):
                self.history(account, count)
        if unchecked:
            with self.clock.part("foreign keys checked"):
                check_keys(_keys_of(self.writer.rows))
        self.counts.update(
            {
                "host accounts": len(accounts),
                "users": len(users),
                "properties": len(accounts) * self.properties_per_account,
            }
        )
        return accounts

    def users(self, accounts, password):
        joined = self.now - timedelta(days=WINDOW_DAYS + 30)
        rows = [User(email=ADMIN_EMAIL, full_name="Bench Admin", is_staff=True, is_superuser=True, password=password)]
        for account in accounts:
            rng = account.rng
            for role in (Role.OWNER, Role.MANAGER, Role.CONCIERGE):
                language = account.city.language
                first, last = self.people.first_name(rng, language), self.people.last_name(rng, language)
                rows.append(
                    User(
                        email=f"{role}{account.n}@{BENCH_DOMAIN}",
                        full_name=f"{first} {last}",
                        password=password,
                        timezone=account.city.timezone,
                        date_joined=joined + timedelta(days=rng.randrange(30)),
                    )
                )
        for user in rows:
            user.full_clean(exclude=["password", "timezone"], validate_unique=False)  # zones: checked once below
        return {user.email: user for user in User.objects.bulk_create(rows)}

    def organization(self, account, users):
        """The account as sign-up makes it (its default check-in form comes with it), then its contact."""
        city, rng = account.city, account.rng
        name = f"{city.name} {ACCOUNT_SUFFIXES[((account.n - 1) // len(CITIES)) % len(ACCOUNT_SUFFIXES)]}"
        if account.n > len(CITIES) * len(ACCOUNT_SUFFIXES):
            name += f" {account.n}"
        owner_user = users[f"owner{account.n}@{BENCH_DOMAIN}"]
        owner = create_organization(name=name, owner=owner_user)
        organization = owner.organization
        organization.contact_name = owner_user.full_name
        organization.contact_phone = self.people.phone(rng, city.country)
        organization.contact_whatsapp = organization.contact_phone
        organization.contact_email = f"hello@{organization.slug}.example.com"
        organization.full_clean()
        organization.save(update_fields=["contact_name", "contact_phone", "contact_whatsapp", "contact_email"])
        account.organization = organization
        account.members[Role.OWNER] = owner
        form = CheckinForm.objects.get(organization=organization, is_default=True)
        account.version = current_version(form)
        account.specs = account.version.specs
        account.steps = {size: [step.slug for step in steps_for(account.specs, size)] for size in range(1, 11)}
        primary, accent = BRANDS[(account.n - 1) % len(BRANDS)]
        save_brand(actor=owner, primary_color=primary, accent_color=accent, font=rng.choice(Font.values))
        PaymentAccount.objects.create(
            organization=organization,
            stripe_account_id="acct_" + _letters(rng, 16, string.ascii_letters + string.digits),
            details_submitted=True,
            charges_enabled=True,
            payouts_enabled=True,
            default_currency=city.currency,
        )

    def properties(self, accounts):
        rows = []
        for account in accounts:
            rng, city = account.rng, account.city
            names = set()
            for n in range(self.properties_per_account):
                kind, fewest, most = rng.choice(PROPERTY_KINDS)
                name = f"{rng.choice(PROPERTY_WORDS)} {kind}"
                while name in names:
                    name = f"{rng.choice(PROPERTY_WORDS)} {kind} {rng.randrange(1, 9)}{rng.choice('ABCD')}"
                names.add(name)
                street, number = rng.choice(city.streets), rng.randrange(1, 240)
                address = f"{number} {street}" if city.country in ("GB", "US", "FR") else f"{street} {number}"
                code = slugify(_folded(name)).replace("-", "")[:12].title()
                prop = Property(
                    organization=account.organization,
                    name=name,
                    address=address,
                    city=city.name,
                    country=city.country,
                    timezone=city.timezone,
                    check_in_time=clock(rng.choice((14, 15, 15, 16, 16, 17))),
                    check_out_time=clock(rng.choice((10, 10, 11, 11, 11, 12))),
                    max_guests=rng.randint(fewest, most),
                    wifi_name=f"{code}-Guest",
                    wifi_password=f"{slugify(city.name)}-{_letters(rng, 4).lower()}-{_digits(rng, 2)}",
                    door_code=_digits(rng, 4) + rng.choice("#*"),
                    secrets_days_after_checkout=n % 2,
                )
                prop.full_clean(exclude=["timezone"], validate_unique=False, validate_constraints=False)
                rows.append(prop)
        Property.objects.bulk_create(rows, batch_size=BATCH)
        by_account = iter(rows)
        for account in accounts:
            account.properties = [next(by_account) for _ in range(self.properties_per_account)]
            for prop in account.properties:
                prop.zone = zoneinfo.ZoneInfo(prop.timezone)
        self.guides(accounts)

    def guides(self, accounts):
        """Each property's guide as the demo's (properties.services.create_section would store the same rows)."""
        sections, places = [], []
        for account in accounts:
            owner = account.members[Role.OWNER]
            create_section(
                actor=owner,
                kind=SectionKind.HOUSE_RULES,
                title={"en": "House rules", "es": "Normas de la casa"},
                body=HOUSE_RULES,
                shared_with=account.properties,
            )
            for prop in account.properties:
                for position, (kind, visibility, title, body) in enumerate(SECTIONS, start=1):
                    section = GuideSection(
                        organization=account.organization,
                        property=prop,
                        kind=kind,
                        icon=KIND_ICONS.get(kind, "info"),
                        position=position,
                        title=title,
                        body=body,
                        visibility=visibility,
                    )
                    sections.append(section)
                    if kind == SectionKind.RECOMMENDATIONS:
                        for place_position, (name, category, note) in enumerate(account.rng.sample(PLACES, 2), start=1):
                            places.append(
                                GuidePlace(
                                    organization=account.organization,
                                    section=section,
                                    name=name.format(city=account.city.name),
                                    category=category,
                                    address=f"{account.rng.choice(account.city.streets)} "
                                    f"{account.rng.randrange(1, 99)}, {account.city.name}",
                                    note={"en": note},
                                    position=place_position,
                                )
                            )
        GuideSection.objects.bulk_create(sections, batch_size=BATCH)
        GuidePlace.objects.bulk_create(places, batch_size=BATCH)
        self.counts["guide sections"] = len(sections) + len(accounts)
        self.counts["guide places"] = len(places)

    def catalogues(self, accounts):
        rows = []
        for account in accounts:
            for position, (name, spanish, price, pricing, most, approval, hours, moment) in enumerate(EXTRAS, start=1):
                rows.append(
                    Upsell(
                        organization=account.organization,
                        name={"en": name, "es": spanish},
                        price=price,
                        currency=account.city.currency,
                        pricing=pricing,
                        max_quantity=most,
                        needs_approval=approval,
                        closes_hours=hours,
                        closes_relative_to=moment,
                        position=position,
                    )
                )
        Upsell.objects.bulk_create(rows)
        by_account = iter(rows)
        for account in accounts:
            account.upsells = [next(by_account) for _ in EXTRAS]
        self.counts["extras on sale"] = len(rows)

    def team(self, account, users):
        properties = account.properties
        for role, looked_after in (
            (Role.MANAGER, properties[: max(1, len(properties) // 2)]),
            (Role.CONCIERGE, properties[: min(3, len(properties))]),
        ):
            member = Membership.objects.create(
                user=users[f"{role}{account.n}@{BENCH_DOMAIN}"], organization=account.organization, role=role
            )
            member.properties.set(looked_after)
            account.members[role] = member

    def document_file(self):
        """The photo of an identity document as the portal stores it (cleaned, then encrypted once)."""
        upload = SimpleUploadedFile("id.jpg", _id_card("BENCH GUEST", "P0000000"), content_type="image/jpeg")
        cleaned = clean_document(upload)
        payload = cleaned.content.read()
        return SimpleNamespace(
            token=encrypt(payload), content_type=cleaned.content_type, size=cleaned.size, name=cleaned.content.name
        )

    # --- The history of one account ---

    def history(self, account, count):
        with self.clock.part("reservations"):
            stays = self.stays(account, count)
            self.write_reservations(account, stays)
        with self.clock.part("check-ins (answers encrypted)"):
            self.checkins(account, stays)
        with self.clock.part("guests"):
            self.guests(account, stays)
        with self.clock.part("messages"):
            self.messages(account, stays)
        with self.clock.part("orders and transactions"):
            self.orders(account, stays)

    def stays(self, account, count):
        """The account's reservations: per property, back to back over the two years (canceled ones aside)."""
        rng = account.rng
        weights = [rng.uniform(0.6, 1.4) for _ in account.properties]
        stays = []
        codes = set()
        for prop, number in zip(account.properties, _split(count, weights), strict=True):
            canceled = sum(rng.random() < 0.07 for _ in range(number))
            for check_in, nights in self.calendar(rng, number - canceled):
                stays.append(self.stay(account, prop, check_in, nights, codes, canceled=False))
            for _ in range(canceled):
                check_in = self.today + timedelta(days=rng.randrange(-WINDOW_DAYS, WINDOW_DAYS))
                stays.append(self.stay(account, prop, check_in, rng.choice((2, 3, 4, 5, 7)), codes, canceled=True))
        stays.sort(key=lambda stay: stay.booked_at)  # ids in booking order, as the app gives them
        for stay, pk in zip(stays, self.writer.ids(Reservation, len(stays)), strict=True):
            stay.id = pk
        return stays

    def calendar(self, rng, count):
        """(check-in, nights) of `count` stays one after the other, spread over the window."""
        if not count:
            return []
        span = max(2 * WINDOW_DAYS, math.ceil(count * 1.05))
        nights = rng.choices((1, 2, 3, 4, 5, 6, 7, 8, 10, 14), weights=(8, 20, 22, 16, 10, 6, 9, 3, 3, 3), k=count)
        while sum(nights) > span:  # a busy property: its longest stays are shortened
            longest = max(range(count), key=nights.__getitem__)
            nights[longest] -= 1
        free = span - sum(nights)
        cuts = sorted(rng.randrange(free + 1) for _ in range(count))
        day = self.today - timedelta(days=span // 2)
        result, previous = [], 0
        for stay_nights, cut in zip(nights, cuts, strict=True):
            day += timedelta(days=cut - previous)
            previous = cut
            result.append((day, stay_nights))
            day += timedelta(days=stay_nights)
        return result

    def stay(self, account, prop, check_in, nights, codes, *, canceled):
        rng, people = account.rng, self.people
        language = _pick(rng, account.languages)
        first, last = people.first_name(rng, language), people.last_name(rng, language)
        channel = _pick(rng, CHANNELS)
        if rng.random() < (0.1 if channel == Channel.DIRECT else 0.4):
            first, last = _folded(first), _folded(last)  # typed without accents on a booking site
        nationality = people.nationality(rng, language)
        arrival = datetime.combine(check_in, prop.check_in_time, tzinfo=prop.zone).astimezone(UTC)
        lead = rng.choice((rng.randrange(0, 15), rng.randrange(15, 60), rng.randrange(60, 240)))
        booked_at = min(arrival - timedelta(days=lead, hours=rng.uniform(1, 20)), self.now - timedelta(hours=1))
        booked_at = max(booked_at, self.now - timedelta(days=3 * WINDOW_DAYS))
        days_ahead = (check_in - self.today).days
        if canceled:
            status = ReservationStatus.CANCELED
        elif days_ahead > 0 and rng.random() < 0.04:
            status = rng.choice((ReservationStatus.INQUIRY, ReservationStatus.RESERVED))
        else:
            status = ReservationStatus.CONFIRMED
        code = CONFIRMATION_CODES[channel](rng, check_in)
        while code in codes:
            code = CONFIRMATION_CODES[channel](rng, check_in)
        codes.add(code)
        stay = Stay(
            prop=prop,
            check_in=check_in,
            check_out=check_in + timedelta(days=nights),
            status=status,
            channel=channel,
            code=code,
            guests_count=min(prop.max_guests, _pick(rng, PARTY_SIZES)),
            first=first,
            last=last,
            name=f"{first} {last}",
            email=people.email(rng, first, last) if rng.random() < 0.97 else "",
            phone=people.phone(rng, nationality) if rng.random() < 0.9 else "",
            language=language if rng.random() < 0.92 else "",
            nationality=nationality,
            booked_at=booked_at,
            notes=rng.choice(NOTES) if rng.random() < 0.04 else "",
        )
        if canceled:
            stay.canceled_at = _between(rng, booked_at, min(arrival, self.now))
        elif status == ReservationStatus.CONFIRMED:
            self.plan_checkin(rng, stay, arrival, days_ahead)
        return stay

    def plan_checkin(self, rng, stay, arrival, days_ahead):
        """Whether and when the guest checked in online: half of those who arrived, more of the closer arrivals."""
        done, started = (
            (0.50, 0.05)
            if days_ahead <= 0
            else (0.40, 0.20)
            if days_ahead <= 7
            else (0.15, 0.10)
            if days_ahead <= 30
            else (0.03, 0.03)
        )
        roll = rng.random()
        if roll >= done + started:
            return
        latest = min(arrival - timedelta(hours=rng.uniform(1, 30)), self.now - timedelta(minutes=5))
        earliest = stay.booked_at + timedelta(minutes=10)  # (booked an hour ago at the latest)
        soon_before = max(earliest, arrival - timedelta(days=10))  # most check in during the days before
        moment = _between(rng, soon_before if soon_before < latest else earliest, latest)
        stay.started_at = max(moment - timedelta(minutes=rng.uniform(2, 15)), stay.booked_at + timedelta(minutes=1))
        stay.party = stay.guests_count
        if rng.random() < 0.06:  # a different party checked in than was booked (the host sees it)
            stay.party = max(1, min(stay.prop.max_guests, 4, stay.guests_count + rng.choice((-1, 1))))
        if roll < done:
            stay.checkin, stay.submitted_at = CheckinStatus.COMPLETED, moment
        else:
            stay.checkin = CheckinStatus.IN_PROGRESS

    def write_reservations(self, account, stays):
        organization_id = account.organization.pk
        rows = []
        for stay in stays:
            completed = stay.checkin == CheckinStatus.COMPLETED
            updated = max(filter(None, (stay.booked_at, stay.canceled_at, stay.started_at, stay.submitted_at)))
            rows.append(
                {
                    "id": stay.id,
                    "organization_id": organization_id,
                    "property_id": stay.prop.pk,
                    "confirmation_code": stay.code,
                    "channel": stay.channel,
                    "status": stay.status,
                    "check_in": stay.check_in,
                    "check_out": stay.check_out,
                    "guests_count": stay.guests_count,
                    "guest_name": stay.name,
                    "guest_email": stay.email,
                    "guest_phone": stay.phone,
                    "guest_language": stay.language,
                    "checkin_status": stay.checkin,
                    "checkin_completed_at": stay.submitted_at if completed else None,
                    "party_checked_in": stay.party if completed else None,
                    "notes": stay.notes,
                    "created_at": stay.booked_at,
                    "updated_at": updated,
                }
            )
        self.writer.insert(Reservation, rows)

    # --- Check-ins ---

    def person(self, rng, stay, index):
        """The answers' person `index` of the party: the booker first, then family or friends."""
        age_at_arrival = rng.randint(19, 75)
        if index == 0:
            first, last, nationality = stay.first, stay.last, stay.nationality
        else:
            language = stay.language or "en"
            family = rng.random() < 0.65
            first = self.people.first_name(rng, language)
            last = stay.last if family else self.people.last_name(rng, language)
            nationality = stay.nationality if family else self.people.nationality(rng, language)
            if family and index >= 2 and rng.random() < 0.5:
                age_at_arrival = rng.randint(2, 16)
        born = stay.check_in - timedelta(days=age_at_arrival * 365 + rng.randrange(1, 360))
        document_type, document_number = self.people.document(rng, nationality)
        return {
            "first_name": first,
            "last_name": last,
            "nationality": nationality,
            "date_of_birth": born.isoformat(),
            "document_type": document_type,
            "document_number": document_number,
        }

    def answer(self, spec, person, stay, extra):
        """The stored answer to one question, as the portal's cleaning (clean_answer) would leave it."""
        if spec.key in person:
            return person[spec.key]
        if spec.type == FieldType.EMAIL:
            return extra["email"]
        if spec.type == FieldType.PHONE:
            return extra["phone"]
        if spec.key == "arrival_time":
            return extra["arrival_time"]
        if spec.type == FieldType.AGREEMENT:
            return True
        if spec.type == FieldType.SIGNATURE:
            return extra["signature"]
        if not spec.required:
            return None
        raise ValueError(f"The bench generator cannot answer the check-in question {spec.key!r} ({spec.type}).")

    def answers_of(self, account, stay, rng, *, people_answered):
        """{"reservation": {...}, "guests": [...]}, as the steps save them (the portal's submissions service)."""
        specs = account.specs
        extra = {  # the form asks the main guest for both, when the booking came without them
            "email": stay.email or self.people.email(rng, stay.first, stay.last),
            "phone": stay.phone or self.people.phone(rng, stay.nationality),
            "arrival_time": f"{rng.randint(13, 22)}:{rng.choice(('00', '15', '30', '45'))}"
            if rng.random() < 0.7
            else None,
            "signature": {
                "typed": stay.name,
                "signed_at": (stay.submitted_at or self.now).isoformat(),
                "signed_from": f"203.0.113.{rng.randrange(1, 255)}",
            },
        }
        asked_once = [s for s in specs if s.scope == FieldScope.RESERVATION and s.type not in _APART]
        reservation = {spec.key: self.answer(spec, {}, stay, extra) for spec in asked_once}
        guests = []
        for index in range(people_answered):
            person = self.person(rng, stay, index)
            scopes = (FieldScope.MAIN_GUEST, FieldScope.EVERY_GUEST) if index == 0 else (FieldScope.EVERY_GUEST,)
            asked = [s for s in specs if s.scope in scopes and s.type not in _APART]
            guests.append({spec.key: self.answer(spec, person, stay, extra) for spec in asked})
        if stay.submitted_at:
            for spec in specs:
                if spec.type in (FieldType.AGREEMENT, FieldType.SIGNATURE):
                    reservation[spec.key] = self.answer(spec, {}, stay, extra)
        if self.checked_answers < 30:  # the first ones, through the portal's own cleaning
            self.checked_answers += 1
            self.check_answers(specs, reservation, guests)
        return {"reservation": reservation, "guests": guests}

    @staticmethod
    def check_answers(specs, reservation, guests):
        by_key = {spec.key: spec for spec in specs}
        for answers in (reservation, *guests):
            for key, value in answers.items():
                spec = by_key[key]
                if spec.type == FieldType.SIGNATURE:
                    cleaned = {**value, "typed": clean_typed_signature(value["typed"])}
                elif spec.type == FieldType.AGREEMENT:
                    cleaned = clean_answer(spec, "yes" if value else "")
                else:
                    cleaned = clean_answer(spec, "" if value is None else str(value))
                if cleaned != value:
                    raise AssertionError(f"Answer {key}: {value!r} would be stored as {cleaned!r}")

    def checkins(self, account, stays):
        started = [stay for stay in stays if stay.checkin != CheckinStatus.NOT_STARTED]
        rng = random.Random(f"checkins:{self.seed}:{account.n}")
        sensitive = {spec.key for spec in account.specs if spec.sensitive}
        rows, documents = [], []
        for stay, pk in zip(started, self.writer.ids(CheckinSubmission, len(started)), strict=True):
            stay.submission_id = pk
            slugs = account.steps[min(stay.party, 10)]
            if stay.submitted_at:
                answered, step = stay.party, "review"
            else:  # stopped after the stay's details, or after the main guest
                answered = rng.choice((0, 1))
                step = slugs[min(slugs.index("details") + 1 + answered, len(slugs) - 1)]
            answers = self.answers_of(account, stay, rng, people_answered=answered)
            stay.people = answers["guests"]
            purged_at = None
            if stay.check_out < self.retention_cutoff:  # the daily purge took its identity data
                purged_at = min(_utc(stay.check_out, 24 * (settings.GUEST_DOCUMENT_RETENTION_DAYS + 1) + 3), self.now)
                for part in (answers["reservation"], *answers["guests"]):
                    for key in sensitive & part.keys():
                        del part[key]
            elif stay.submitted_at:
                documents += self.documents(account, stay)
            finished = stay.submitted_at or stay.started_at + timedelta(minutes=rng.uniform(1, 8))
            rows.append(
                {
                    "id": pk,
                    "organization_id": account.organization.pk,
                    "reservation_id": stay.id,
                    "form_version_id": account.version.pk,
                    "answers": answers,
                    "party_size": stay.party,
                    "step": step,
                    "language": stay.language or "en",
                    "submitted_at": stay.submitted_at,
                    "purged_at": purged_at,
                    "created_at": stay.started_at,
                    "updated_at": purged_at or finished,
                }
            )
        self.writer.insert(CheckinSubmission, rows)
        self.counts["check-ins submitted"] += sum(1 for stay in started if stay.submitted_at)
        self.writer.insert(GuestDocument, documents)
        self.store_documents(documents)

    def documents(self, account, stay):
        """The fronts of the identity documents the form asks for (the portal requires them to submit)."""
        rows = []
        for guest_index, spec in document_slots(account.specs, stay.party):
            rows.append(
                {
                    "organization_id": account.organization.pk,
                    "submission_id": stay.submission_id,
                    "guest_index": guest_index,
                    "field_key": spec.key,
                    "kind": DocumentKind.FRONT,
                    "file": document_path(SimpleNamespace(organization_id=account.organization.pk), self.document.name),
                    "content_type": self.document.content_type,
                    "size": self.document.size,
                    "encrypted": True,
                    "created_at": stay.submitted_at - timedelta(minutes=1),
                    "updated_at": stay.submitted_at - timedelta(minutes=1),
                }
            )
        return rows

    def store_documents(self, rows):
        """One encrypted file per document; on local disk, hard links to one copy of the (identical) token."""
        if not rows:
            return
        storage = GuestDocument._meta.get_field("file").storage
        first = None
        for row in rows:
            name = row["file"]
            if first is not None and isinstance(storage, FileSystemStorage):
                path = Path(storage.path(name))
                path.parent.mkdir(parents=True, exist_ok=True)
                os.link(storage.path(first), path)
            else:
                saved = storage.save(name, ContentFile(self.document.token))
                if saved != name:
                    raise RuntimeError(f"Storage saved {name} as {saved}")
                first = first or saved
            self.files.append((storage, name))

    # --- Guests ---

    def guests(self, account, stays):
        """Guest rows: the booker, and the party once checked in (_sync_guests), or companions the host added."""
        rng = random.Random(f"guests:{self.seed}:{account.n}")
        organization_id = account.organization.pk
        rows = []
        for stay in stays:
            row = {
                "organization_id": organization_id,
                "reservation_id": stay.id,
                "is_main": True,
                "first_name": stay.first,
                "last_name": stay.last,
                "email": stay.email,
                "phone": stay.phone,
                "created_at": stay.booked_at,
                "updated_at": stay.submitted_at or stay.booked_at,
            }
            if stay.checkin == CheckinStatus.COMPLETED:  # the party as checked in (submissions._sync_guests)
                main = stay.people[0]
                row |= {key: main.get(key) or row[key] for key in ("first_name", "last_name", "email", "phone")}
                rows.append(row)
                rows += [_companion(row, person, created_at=stay.submitted_at) for person in stay.people[1:]]
                continue
            rows.append(row)
            if stay.guests_count > 1 and rng.random() < 0.25:
                rows += [_companion(row, self.person(rng, stay, i)) for i in range(1, min(stay.guests_count, 4))]
        self.writer.insert(Guest, rows)

    # --- Messages ---

    def messages(self, account, stays):
        """Conversations with some guests around their stay: WhatsApp, text messages, emails."""
        rng = random.Random(f"messages:{self.seed}:{account.n}")
        team = [member.user.email for member in account.members.values()]
        rows = []
        for stay in stays:
            if not stay.live or rng.random() >= 0.2:
                continue
            arrival = datetime.combine(stay.check_in, stay.prop.check_in_time, tzinfo=stay.prop.zone).astimezone(UTC)
            start = max(stay.booked_at + timedelta(hours=1), arrival - timedelta(days=7))
            end = min(self.now - timedelta(minutes=30), _utc(stay.check_out, 12))
            if end <= start:
                continue
            moment = _between(rng, start, end)
            language = stay.language or "en"
            questions, replies, thanks = QUESTIONS[language]
            reminder, subject, letter = REMINDERS[language]
            values = {
                "first": stay.first,
                "date": f"{stay.check_in:%d/%m}",
                "time": f"{stay.prop.check_in_time:%H:%M}",
                "property": stay.prop.name,
                "host": account.organization.name,
            }
            kind = rng.choices(("whatsapp", "sms", "email"), weights=(45, 25, 30))[0]
            if kind != "email" and not stay.phone:
                kind = "email"
            if kind == "email" and not stay.email:
                continue
            if kind == "whatsapp":
                topic = rng.randrange(len(questions))
                conversation = [("in", questions[topic]), ("out", replies[topic].format(**values))]
                if rng.random() < 0.6:
                    conversation.append(("in", rng.choice(thanks)))
                channel, guest, ours = MessageChannel.WHATSAPP, f"whatsapp:{stay.phone}", PLATFORM_WHATSAPP
            elif kind == "sms":
                conversation = [("out", reminder.format(**values))]
                if rng.random() < 0.4:
                    conversation.append(("in", rng.choice(thanks)))
                channel, guest, ours = MessageChannel.SMS, stay.phone, PLATFORM_SMS
            else:
                conversation = [("out", letter.format(**values))]
                channel, guest, ours = MessageChannel.EMAIL, stay.email, settings.DEFAULT_FROM_EMAIL
            author = rng.choice(team)
            for position, (direction, body) in enumerate(conversation):
                moment += timedelta(minutes=rng.uniform(2, 90)) if position else timedelta()
                rows.append(self.message(rng, account, stay, channel, direction, body, guest, ours, author, moment))
                if channel == MessageChannel.EMAIL:
                    rows[-1]["subject"] = subject.format(**values)
            last = rows[-1]
            recent = self.now - last["created_at"] < timedelta(days=2)
            if last["direction"] == Direction.INBOUND and recent and rng.random() < 0.6:
                last["read_at"] = None  # still unread in the team's inbox
        self.writer.insert(Message, rows)

    def message(self, rng, account, stay, channel, direction, body, guest, ours, author, moment):
        inbound = direction == "in"
        texted = channel != MessageChannel.EMAIL
        if inbound:
            status = MessageStatus.RECEIVED
        elif channel == MessageChannel.WHATSAPP:
            status = MessageStatus.READ
        elif channel == MessageChannel.SMS:
            status = MessageStatus.UNDELIVERED if rng.random() < 0.02 else MessageStatus.DELIVERED
        else:
            status = MessageStatus.SENT
        failed = status == MessageStatus.UNDELIVERED
        read_at = moment + timedelta(minutes=rng.uniform(1, 120))
        return {
            "organization_id": account.organization.pk,
            "reservation_id": stay.id,
            "direction": Direction.INBOUND if inbound else Direction.OUTBOUND,
            "channel": channel,
            "to": ours if inbound else guest,
            "sender": guest if inbound else ours,
            "subject": "",
            "body": body,
            "content_sid": "",
            "content_variables": {},
            "status": status,
            "provider_sid": "SM" + _letters(rng, 32, string.hexdigits[:16]) if texted else "",
            "error_code": "30003" if failed else "",
            "error_message": "Unreachable destination handset" if failed else "",
            "author": stay.name if inbound else author,
            "fallback_for_id": None,
            "read_at": read_at if inbound and read_at < self.now else None,
            "attempts": 0 if inbound else 1,
            "created_at": moment,
            "updated_at": min(moment + timedelta(seconds=rng.uniform(1, 30)), self.now),
        }

    # --- Orders of extras ---

    def orders(self, account, stays):
        rng = random.Random(f"orders:{self.seed}:{account.n}")
        buyers = []
        for stay in stays:
            if stay.status != ReservationStatus.CONFIRMED or rng.random() >= 0.12:
                continue
            arrival = datetime.combine(stay.check_in, stay.prop.check_in_time, tzinfo=stay.prop.zone).astimezone(UTC)
            latest = min(arrival - timedelta(hours=50), self.now - timedelta(hours=1))  # every extra still on sale
            earliest = max(stay.booked_at + timedelta(hours=1), arrival - timedelta(days=20))
            if latest > earliest:
                buyers.append((stay, arrival, _between(rng, earliest, latest)))
        orders, items, transactions = [], [], []
        deciders = [m.user.email for role, m in account.members.items() if role in (Role.OWNER, Role.MANAGER)]
        for (stay, arrival, ordered_at), pk in zip(buyers, self.writer.ids(Order, len(buyers)), strict=True):
            chosen = rng.sample(account.upsells, rng.choice((1, 1, 1, 2)))
            lines = []
            per = {Pricing.PER_NIGHT: (stay.check_out - stay.check_in).days, Pricing.PER_GUEST: stay.guests_count}
            for upsell in sorted(chosen, key=lambda u: u.pk):  # payments.selectors.units_of
                units = per.get(upsell.pricing, 1)
                quantity = rng.randint(1, upsell.max_quantity) if upsell.max_quantity > 1 and rng.random() < 0.3 else 1
                lines.append((upsell, quantity, units))
            amount = sum(upsell.price * units * quantity for upsell, quantity, units in lines)
            commission = commission_of(amount, self.percent)
            needs_approval = any(upsell.needs_approval for upsell, _q, _u in lines)
            order = self.order(rng, stay, arrival, ordered_at, pk, needs_approval, amount, commission, deciders)
            order["cart_key"] = _cart_key([(u.pk, quantity, u.price, units) for u, quantity, units in lines])
            order["currency"] = account.city.currency
            orders.append(order)
            for upsell, quantity, units in lines:
                items.append(
                    {
                        "order_id": pk,
                        "upsell_id": upsell.pk,
                        "name": upsell.name["en"][:200],
                        "unit_price": upsell.price,
                        "quantity": quantity,
                        "units": units,
                        "amount": upsell.price * units * quantity,
                    }
                )
            transactions += self.money_moves(rng, account, stay, order)
        self.writer.insert(Order, orders)
        self.writer.insert(OrderItem, items)
        self.writer.insert(Transaction, transactions)

    def order(self, rng, stay, arrival, ordered_at, pk, needs_approval, amount, commission, deciders):
        """The order after Stripe's events and the host's decision, as payments.services leave it."""
        roll = rng.random()
        deadline = max(
            min(arrival - timedelta(hours=24), ordered_at + timedelta(days=6)), ordered_at + timedelta(hours=1)
        )
        if needs_approval:
            if deadline > self.now and roll < 0.5:
                status = OrderStatus.AUTHORISED
            else:
                status = OrderStatus.PAID if roll < 0.8 else OrderStatus.DECLINED
        else:
            status = (
                OrderStatus.PAID
                if roll < 0.88
                else OrderStatus.EXPIRED
                if roll < 0.94
                else OrderStatus.FAILED
                if roll < 0.96
                else OrderStatus.REFUNDED
                if roll < 0.99
                else OrderStatus.PARTIALLY_REFUNDED
            )
        paid = status in (OrderStatus.PAID, OrderStatus.REFUNDED, OrderStatus.PARTIALLY_REFUNDED)
        intent = "pi_" + _letters(rng, 24, string.ascii_letters + string.digits)
        session = "cs_live_" + _letters(rng, 58, string.ascii_letters + string.digits)
        decided_at = None
        if needs_approval and status != OrderStatus.AUTHORISED:
            decided_at = min(_between(rng, ordered_at + timedelta(minutes=20), deadline), self.now)
        paid_at = (decided_at or ordered_at + timedelta(minutes=rng.uniform(1, 5))) if paid else None
        refunded = {OrderStatus.REFUNDED: amount, OrderStatus.PARTIALLY_REFUNDED: amount // 2}.get(status, 0)
        return {
            "id": pk,
            "organization_id": stay.prop.organization_id,
            "reservation_id": stay.id,
            "kind": OrderKind.EXTRAS,
            "status": status,
            "amount": amount,
            "commission": commission,
            "refunded": refunded,
            "captured": amount if paid else 0,
            "needs_approval": needs_approval,
            "approval_deadline": deadline if needs_approval else None,
            "release_after": None,
            "decided_at": decided_at,
            "decided_by": rng.choice(deciders) if decided_at else "",
            "decision_note": "Fully booked the night before, sorry." if status == OrderStatus.DECLINED else "",
            "checkout_session_id": session,
            "checkout_url": f"https://checkout.stripe.com/c/pay/{session}",
            "checkout_expires_at": ordered_at + timedelta(minutes=SESSION_MINUTES),
            "payment_intent_id": "" if status in (OrderStatus.EXPIRED,) else intent,
            "language": stay.language or "en",
            "paid_at": paid_at,
            "created_at": ordered_at,
            "updated_at": max(filter(None, (ordered_at, decided_at, paid_at))),
        }

    def money_moves(self, rng, account, stay, order):
        """The order's transactions: authorisation, charge or capture, release, refund (payments.services.orders)."""
        status, amount, commission, intent = (
            order["status"],
            order["amount"],
            order["commission"],
            order["payment_intent_id"],
        )
        charge = "ch_" + _letters(rng, 24, string.ascii_letters + string.digits)
        fee = round(amount * 0.015) + 25

        def move(kind, stripe_id, gross, share, when, processing_fee=None, note=""):
            return {
                "organization_id": account.organization.pk,
                "order_id": order["id"],
                "reservation_id": stay.id,
                "kind": kind,
                "currency": order["currency"],
                "gross": gross,
                "commission": share,
                "host_net": gross - share,
                "processing_fee": processing_fee,
                "stripe_id": stripe_id,
                "note": note,
                "created_at": when,
            }

        authorised_at = order["created_at"] + timedelta(minutes=rng.uniform(1, 5))
        moves = []
        if order["needs_approval"] and status in (OrderStatus.AUTHORISED, OrderStatus.PAID, OrderStatus.DECLINED):
            moves.append(move(TransactionKind.AUTHORISATION, intent, amount, commission, authorised_at))
            if status == OrderStatus.PAID:
                moves.append(move(TransactionKind.CAPTURE, charge, amount, commission, order["decided_at"], fee))
            elif status == OrderStatus.DECLINED:
                note = "Authorisation released"
                moves.append(move(TransactionKind.RELEASE, intent, 0, 0, order["decided_at"], note=note))
        elif order["paid_at"]:
            moves.append(move(TransactionKind.CHARGE, charge, amount, commission, order["paid_at"], fee))
            if order["refunded"]:
                refunded = order["refunded"]
                share = refund_commission(
                    amount=amount, commission=commission, refunded_before=0, commission_refunded=0, refund=refunded
                )
                when = min(order["paid_at"] + timedelta(days=rng.uniform(1, 5)), self.now)
                refund_id = "re_" + _letters(rng, 24, string.ascii_letters + string.digits)
                moves.append(
                    move(TransactionKind.REFUND, refund_id, -refunded, -share, when, note="Extra not available")
                )
                order["updated_at"] = max(order["updated_at"], when)
        return moves


_APART = frozenset({FieldType.DOCUMENT, FieldType.SIGNATURE, FieldType.AGREEMENT})  # not asked with the others


def _split(total, weights):
    """`total` split in whole numbers in proportion to `weights` (largest remainders)."""
    scale = total / sum(weights)
    shares = [weight * scale for weight in weights]
    whole = [int(share) for share in shares]
    by_remainder = sorted(range(len(weights)), key=lambda i: shares[i] - whole[i], reverse=True)
    for i in by_remainder[: total - sum(whole)]:
        whole[i] += 1
    return whole


# --- Wiping the bench accounts ---------------------------------------------------------------------------------


def _deletion_plan(organization_ids):
    """[(model, SQL condition)] of every row in the host accounts, deepest first, then the accounts themselves.

    A model with a key to Organization is taken by it; one without, by its key to such a model (and so
    on). Keys to User are left to the users' own deletion (Django's on_delete rules).
    """
    quote = connection.ops.quote_name
    ids = ", ".join(str(int(pk)) for pk in organization_ids)
    condition = {Organization: f"{quote(Organization._meta.pk.column)} IN ({ids})"}
    levels, frontier = [], {Organization}
    candidates = [
        m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy and m is not User
    ]
    while frontier:
        level = {}
        for model in candidates:
            if model in condition:
                continue
            keys = [f for f in model._meta.concrete_fields if f.is_relation and f.related_model in frontier]
            parts = []
            for key in keys:
                target = key.related_model
                if target is Organization:
                    parts.append(f"{quote(key.column)} IN ({ids})")
                else:
                    parts.append(
                        f"{quote(key.column)} IN (SELECT {quote(target._meta.pk.column)} "
                        f"FROM {quote(target._meta.db_table)} WHERE {condition[target]})"
                    )
            if parts:
                level[model] = " OR ".join(parts)
        condition.update(level)
        levels.append(level)
        frontier = set(level)
    plan = [(model, where) for level in reversed(levels) for model, where in level.items()]
    return plan + [(Organization, condition[Organization])]


def wipe():
    """Delete the bench accounts (rows and files) and the bench users. Returns {table: rows deleted}."""
    organization_ids = list(bench_organizations().values_list("pk", flat=True))
    removed, files = Counter(), []
    quote = connection.ops.quote_name
    with transaction.atomic():
        plan = _deletion_plan(organization_ids) if organization_ids else []
        with unchecked_keys() as unchecked, connection.cursor() as cursor:
            for model, where in plan:
                table = quote(model._meta.db_table)
                stored = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
                for file_field in stored:
                    cursor.execute(f"SELECT {quote(file_field.column)} FROM {table} WHERE {where}")
                    files += [(file_field.storage, name) for (name,) in cursor.fetchall() if name]
                cursor.execute(f"DELETE FROM {table} WHERE {where}")
                if cursor.rowcount:
                    removed[model._meta.label] += cursor.rowcount
        if unchecked:  # nothing left points at a deleted row
            check_keys(_keys_to({model for model, _where in plan}))
        _deleted, by_model = bench_users().delete()
        removed.update({label: n for label, n in by_model.items() if n})
        transaction.on_commit(lambda: _delete_files(files))
    return dict(removed)


def _delete_files(files):
    for storage, name in files:
        storage.delete(name)


# --- Running it ------------------------------------------------------------------------------------------------


def generate(
    *,
    accounts=DEFAULT_SIZE["accounts"],
    properties_per_account=DEFAULT_SIZE["properties_per_account"],
    reservations=DEFAULT_SIZE["reservations"],
    seed=1,
    wipe_first=False,
    out=None,
):
    """Make the bench data set (see the module's docstring); returns a Report. Prints progress to `out`."""
    out = out or sys.stdout
    began = time.perf_counter()
    clock_ = Clock()
    removed = {}
    if wipe_first:
        with clock_.part("wipe of the previous bench data"):
            removed = wipe()
        out.write(f"Removed the previous bench data: {sum(removed.values()):,} rows.\n")
    elif bench_data_exists():
        raise BenchDataExists(
            f"Bench accounts (@{BENCH_DOMAIN}) are in this database already: run with --wipe to replace them."
        )
    generator = Generator(
        accounts=accounts,
        properties_per_account=properties_per_account,
        reservations=reservations,
        seed=seed,
        today=timezone.localdate(),
        now=timezone.now(),
        clock=clock_,
    )
    try:
        with transaction.atomic():
            generator.run()
            committing = time.perf_counter()
        clock_.parts["commit"] = time.perf_counter() - committing
    except BaseException:
        _delete_files(generator.files)  # the rows are rolled back: their files go too
        raise
    with clock_.part("vacuum analyze" if connection.vendor == "postgresql" else "analyze"):
        _analyze()
    counts = dict(generator.counts)
    labels = {
        Reservation: "reservations",
        Guest: "guests",
        CheckinSubmission: "check-ins",
        GuestDocument: "identity documents",
        Message: "messages",
        Order: "orders",
        OrderItem: "order items",
        Transaction: "transactions",
    }
    counts.update({label: generator.writer.rows[model] for model, label in labels.items()})
    report = Report(
        counts=counts, timings=list(clock_.parts.items()), total=time.perf_counter() - began, removed=removed
    )
    _print(report, out)
    return report


def _analyze():
    """Fresh statistics for the planner (this machine's PostgreSQL has no autovacuum)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _print(report, out):
    out.write("Made:\n")
    for label, count in report.counts.items():
        out.write(f"  {label:<32} {count:>10,}\n")
    out.write("Time:\n")
    for label, seconds in report.timings:
        out.write(f"  {label:<32} {seconds:>9.1f} s\n")
    out.write(f"  {'total':<32} {report.total:>9.1f} s\n")
    out.write(
        f"Sign in as owner1@{BENCH_DOMAIN} (… owner{{n}}, manager{{n}}, concierge{{n}}) or {ADMIN_EMAIL}, "
        f"password {PASSWORD}.\n"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, help=f"host accounts (default {DEFAULT_SIZE['accounts']})")
    parser.add_argument(
        "--properties-per-account",
        type=int,
        help=f"properties of each account (default {DEFAULT_SIZE['properties_per_account']})",
    )
    parser.add_argument(
        "--reservations",
        type=int,
        help=f"reservations in all, shared by the accounts (default {DEFAULT_SIZE['reservations']:,})",
    )
    parser.add_argument("--small", action="store_true", help="2 accounts, 40 properties, 2,000 reservations")
    parser.add_argument("--seed", type=int, default=1, help="the same seed makes the same data (default 1)")
    parser.add_argument("--wipe", action="store_true", help="delete the bench accounts made before first")
    args = parser.parse_args(argv)
    size = dict(SMALL_SIZE if args.small else DEFAULT_SIZE)
    for name in size:
        if getattr(args, name) is not None:
            size[name] = getattr(args, name)
    if min(size.values()) < 1:
        parser.error("--accounts, --properties-per-account and --reservations must be at least 1")
    if connection.vendor != "postgresql" and not args.small:
        parser.exit(
            2,
            f"The bench data set is made for PostgreSQL; DATABASE_URL names a {connection.vendor} database. "
            "Set DATABASE_URL=postgres://…, or add --small for a small data set on it.\n",
        )
    database = connection.settings_dict["NAME"]
    print(
        f"Bench data into {connection.vendor} database {database} (seed {args.seed}): {size['accounts']} accounts, "
        f"{size['accounts'] * size['properties_per_account']:,} properties, {size['reservations']:,} reservations",
        flush=True,
    )
    try:
        generate(**size, seed=args.seed, wipe_first=args.wipe)
    except BenchDataExists as error:
        parser.exit(1, f"{error}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
