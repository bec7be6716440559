"""A full demo guide per property: access, Wi-Fi, rules (shared), parking, appliances, check-out, help, places."""

from properties.models import GuideSection, SectionKind, Visibility
from properties.services import add_place, create_section

SECRETS = {  # property name: (Wi-Fi network, Wi-Fi password, door code)
    "Villa Mar": ("VillaMar-Guest", "sea-breeze-77", "4821#"),
    "Old Town Loft": ("Loft-Alfama", "fado-nights-12", "1975"),
    "Alpine Chalet": ("Chalet-MontBlanc", "fresh-powder-88", "3092*"),
}
PLACES = {
    "Villa Mar": [
        ("Casa Carmela", "Restaurant", "Carrer d'Isabel de Villena 155, Valencia", "Paella cooked over orange wood."),
        ("Mercat Central", "Market", "Plaça de la Ciutat de Bruges, Valencia", "Go before noon for the best stalls."),
    ],
    "Old Town Loft": [
        ("Tasca do Chico", "Fado bar", "Rua do Diário de Notícias 39, Lisboa", "Live fado most nights, book ahead."),
        ("Miradouro de Santa Luzia", "Viewpoint", "Largo Santa Luzia, Lisboa", "Best at sunset."),
    ],
    "Alpine Chalet": [
        ("La Télécabine", "Restaurant", "27 Rue de la Mollard, Chamonix", "Fondue and views of the Aiguille du Midi."),
        ("Aiguille du Midi cable car", "Excursion", "100 Place de l'Aiguille du Midi, Chamonix", "Take a warm layer."),
    ],
}
SECTIONS = [
    (SectionKind.ARRIVAL, Visibility.ARRIVAL_WINDOW, {"en": "Arrival and door code", "es": "Llegada y código"}, {
        "en": "Welcome, {guest_first_name}! Check-in is from **{check_in_time}**.\n\n"
              "The key box is left of the door. Code: **{door_code}**.",
        "es": "¡Hola, {guest_first_name}! La entrada es a partir de las **{check_in_time}**.\n\n"
              "La caja de llaves está a la izquierda de la puerta. Código: **{door_code}**.",
    }),
    (SectionKind.WIFI, Visibility.AFTER_CHECKIN, {"en": "Wi-Fi", "es": "Wi-Fi"}, {
        "en": "Network: **{wifi_name}**\n\nPassword: **{wifi_password}**",
        "es": "Red: **{wifi_name}**\n\nContraseña: **{wifi_password}**",
    }),
    (SectionKind.PARKING, Visibility.ALWAYS, {"en": "Parking", "es": "Aparcamiento"}, {
        "en": "Street parking is free after 8 pm. The nearest garage is two streets away.",
        "es": "Aparcar en la calle es gratis después de las 20:00. El garaje más cercano está a dos calles.",
    }),
    (SectionKind.APPLIANCES, Visibility.ALWAYS, {"en": "Appliances", "es": "Electrodomésticos"}, {
        "en": "- **Coffee machine**: capsules in the top drawer.\n- **Washing machine**: programme 4, 40°.",
        "es": "- **Cafetera**: cápsulas en el cajón de arriba.\n- **Lavadora**: programa 4, 40°.",
    }),
    (SectionKind.CHECKOUT, Visibility.ALWAYS, {"en": "Check-out", "es": "Salida"}, {
        "en": "Please leave by **{check_out_time}**: close the windows, take the rubbish out, leave the keys inside.",
        "es": "Sal antes de las **{check_out_time}**: cierra las ventanas, saca la basura y deja las llaves dentro.",
    }),
    (SectionKind.EMERGENCY, Visibility.ALWAYS, {"en": "Emergencies", "es": "Emergencias"}, {
        "en": "Emergency services: **112**. Your host: [+34 600 000 000](tel:+34600000000).",
        "es": "Emergencias: **112**. Tu anfitrión: [+34 600 000 000](tel:+34600000000).",
    }),
    (SectionKind.RECOMMENDATIONS, Visibility.ALWAYS, {"en": "Our favourite places", "es": "Sitios favoritos"}, {
        "en": "A few places we love near {property_name}.",
        "es": "Algunos sitios que nos encantan cerca de {property_name}.",
    }),
]  # fmt: skip
HOUSE_RULES = {
    "en": "- No parties or events.\n- Quiet hours from 22:00 to 08:00.\n- No smoking inside.\n- Pets on request.",
    "es": "- No se permiten fiestas.\n- Silencio de 22:00 a 08:00.\n- No se fuma dentro.\n- Mascotas bajo petición.",
}


def fill(owner, properties):
    """Give each property its guide and the account its shared house rules, once."""
    organization = owner.organization
    if not GuideSection.objects.filter(organization=organization, property__isnull=True).exists():
        create_section(
            actor=owner,
            kind=SectionKind.HOUSE_RULES,
            title={"en": "House rules", "es": "Normas de la casa"},
            body=HOUSE_RULES,
            shared_with=properties,
        )
    for property in properties:
        property.wifi_name, property.wifi_password, property.door_code = SECRETS[property.name]
        property.save(update_fields=["wifi_name", "wifi_password", "door_code", "updated_at"])
        if GuideSection.objects.filter(property=property).exists():
            continue
        for kind, visibility, title, body in SECTIONS:
            section = create_section(
                actor=owner, property=property, kind=kind, visibility=visibility, title=title, body=body
            )
            if kind == SectionKind.RECOMMENDATIONS:
                for name, category, address, note in PLACES[property.name]:
                    add_place(
                        actor=owner, section=section, name=name, category=category, address=address,
                        note={"en": note},
                    )  # fmt: skip
