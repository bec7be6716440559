"""GoRently's own wording of each message to guests, per event and language (a host's MessageTemplate wins).

Placeholders are names in braces, filled by notifications.placeholders: {guest_name}, {property_name},
{property_address}, {check_in} and {check_out} (dates), {check_in_time} and {check_out_time}, {portal_link} (the
guest's private portal), {guide_link} (the property's guide), {host_name}, {door_code}, {wifi_name},
{wifi_password}, {extras} (the extras of an order) and {order_status} (whether the order is confirmed or awaits
the host's approval).
Texts are short, warm, plain, and fit a WhatsApp message or an SMS (SMS: under ~300 characters where possible).
"""

LANGUAGES = ("en", "es", "fr", "de", "it", "pt")

# {event: {language: (email subject, text)}}
DEFAULTS = {
    "booking_confirmed": {
        "en": (
            "Your stay at {property_name}",
            "Hello {guest_name}! Your stay at {property_name} is confirmed, arriving on {check_in}. "
            "Here is your private guest page: {portal_link}\n"
            "Please check in online there before you arrive, and have a look at the guide. See you soon!\n"
            "{host_name}",
        ),
        "es": (
            "Tu estancia en {property_name}",
            "¡Hola, {guest_name}! Tu estancia en {property_name} está confirmada, con llegada el {check_in}. "
            "Esta es tu página privada: {portal_link}\n"
            "Haz allí el check-in online antes de llegar y echa un vistazo a la guía. ¡Hasta pronto!\n"
            "{host_name}",
        ),
        "fr": (
            "Votre séjour à {property_name}",
            "Bonjour {guest_name} ! Votre séjour à {property_name} est confirmé, avec une arrivée le {check_in}. "
            "Voici votre page personnelle : {portal_link}\n"
            "Merci d'y faire votre enregistrement en ligne avant votre arrivée et de consulter le guide. À bientôt !\n"
            "{host_name}",
        ),
        "de": (
            "Ihr Aufenthalt in {property_name}",
            "Hallo {guest_name}! Ihr Aufenthalt in {property_name} ist bestätigt, Anreise am {check_in}. "
            "Hier ist Ihre persönliche Gästeseite: {portal_link}\n"
            "Bitte checken Sie dort vor der Anreise online ein und werfen Sie einen Blick in die Gästemappe. "
            "Bis bald!\n"
            "{host_name}",
        ),
        "it": (
            "Il tuo soggiorno a {property_name}",
            "Ciao {guest_name}! Il tuo soggiorno a {property_name} è confermato, con arrivo {check_in}. "
            "Ecco la tua pagina personale: {portal_link}\n"
            "Completa lì il check-in online prima di arrivare e dai un'occhiata alla guida. A presto!\n"
            "{host_name}",
        ),
        "pt": (
            "A sua estadia em {property_name}",
            "Olá, {guest_name}! A sua estadia em {property_name} está confirmada, com chegada marcada para {check_in}. "
            "Esta é a sua página pessoal: {portal_link}\n"
            "Antes de chegar, faça aí o check-in online e consulte o guia. Até breve!\n"
            "{host_name}",
        ),
    },
    "checkin_reminder": {
        "en": (
            "Online check-in for {property_name}",
            "Hello {guest_name}, your stay at {property_name} starts on {check_in}, and your online check-in "
            "isn't done yet. It only takes a few minutes: {portal_link}\n"
            "Thank you!\n"
            "{host_name}",
        ),
        "es": (
            "Check-in online para {property_name}",
            "¡Hola, {guest_name}! Tu estancia en {property_name} empieza el {check_in} y aún no has hecho "
            "el check-in online. Solo te llevará unos minutos: {portal_link}\n"
            "¡Gracias!\n"
            "{host_name}",
        ),
        "fr": (
            "Enregistrement en ligne pour {property_name}",
            "Bonjour {guest_name}, votre séjour à {property_name} commence le {check_in} et votre enregistrement "
            "en ligne n'est pas encore fait. Cela ne prend que quelques minutes : {portal_link}\n"
            "Merci !\n"
            "{host_name}",
        ),
        "de": (
            "Online-Check-in für {property_name}",
            "Hallo {guest_name}, Ihr Aufenthalt in {property_name} beginnt am {check_in}, und Ihr Online-Check-in "
            "ist noch offen. Er dauert nur wenige Minuten: {portal_link}\n"
            "Vielen Dank!\n"
            "{host_name}",
        ),
        "it": (
            "Check-in online per {property_name}",
            "Ciao {guest_name}, il tuo soggiorno a {property_name} inizia {check_in} e non hai ancora fatto "
            "il check-in online. Bastano pochi minuti: {portal_link}\n"
            "Grazie!\n"
            "{host_name}",
        ),
        "pt": (
            "Check-in online para {property_name}",
            "Olá, {guest_name}! A sua chegada a {property_name} está marcada para {check_in} e o check-in online "
            "ainda não está feito. Demora só alguns minutos: {portal_link}\n"
            "Agradecemos desde já!\n"
            "{host_name}",
        ),
    },
    "checkin_completed": {
        "en": (
            "Check-in complete for {property_name}",
            "Thank you, {guest_name}! Your online check-in for {property_name} is complete. We'll send you "
            "the access details on the day you arrive. Your guest page is here whenever you need it: {portal_link}\n"
            "{host_name}",
        ),
        "es": (
            "Check-in completado para {property_name}",
            "¡Gracias, {guest_name}! Ya has completado el check-in online para {property_name}. Te enviaremos "
            "los datos de acceso el día de tu llegada. Tu página sigue aquí para lo que necesites: {portal_link}\n"
            "{host_name}",
        ),
        "fr": (
            "Enregistrement terminé pour {property_name}",
            "Merci, {guest_name} ! Votre enregistrement en ligne pour {property_name} est terminé. Nous vous "
            "enverrons les informations d'accès le jour de votre arrivée. Votre page reste disponible à tout "
            "moment : {portal_link}\n"
            "{host_name}",
        ),
        "de": (
            "Check-in abgeschlossen für {property_name}",
            "Vielen Dank, {guest_name}! Ihr Online-Check-in für {property_name} ist abgeschlossen. Die "
            "Zugangsinformationen senden wir Ihnen am Anreisetag. Ihre Gästeseite finden Sie jederzeit hier: "
            "{portal_link}\n"
            "{host_name}",
        ),
        "it": (
            "Check-in completato per {property_name}",
            "Grazie, {guest_name}! Hai completato il check-in online per {property_name}. Ti invieremo le "
            "informazioni di accesso il giorno del tuo arrivo. La tua pagina è sempre qui, quando ti serve: "
            "{portal_link}\n"
            "{host_name}",
        ),
        "pt": (
            "Check-in concluído para {property_name}",
            "Olá, {guest_name}! O seu check-in online para {property_name} está concluído. Enviaremos os dados "
            "de acesso no dia da chegada. A sua página continua disponível sempre que precisar: {portal_link}\n"
            "{host_name}",
        ),
    },
    "arrival_access": {
        "en": (
            "Your arrival at {property_name}: access details",
            "Hello {guest_name}, welcome to {property_name}! Check-in is from {check_in_time} today.\n"
            "Address: {property_address}\n"
            "Door code: {door_code}\n"
            "Wi-Fi: {wifi_name} / {wifi_password}\n"
            "Everything else is in the guide: {guide_link}\n"
            "Have a lovely stay!\n"
            "{host_name}",
        ),
        "es": (
            "Tu llegada a {property_name}: datos de acceso",
            "¡Hola, {guest_name}! Hoy llegas a {property_name}: check-in desde las {check_in_time}.\n"
            "Dirección: {property_address}\n"
            "Código de acceso: {door_code}\n"
            "Wi-Fi: {wifi_name} / {wifi_password}\n"
            "Todo lo demás está en la guía: {guide_link}\n"
            "¡Disfruta de tu estancia!\n"
            "{host_name}",
        ),
        "fr": (
            "Votre arrivée à {property_name} : informations d'accès",
            "Bonjour {guest_name}, bienvenue à {property_name} ! Arrivée possible dès {check_in_time} aujourd'hui.\n"
            "Adresse : {property_address}\n"
            "Code d'entrée : {door_code}\n"
            "Wi-Fi : {wifi_name} / {wifi_password}\n"
            "Tout le reste est dans le guide : {guide_link}\n"
            "Excellent séjour !\n"
            "{host_name}",
        ),
        "de": (
            "Ihre Anreise: Zugangsdaten für {property_name}",
            "Hallo {guest_name}, willkommen in {property_name}! Check-in ist heute ab {check_in_time} möglich.\n"
            "Adresse: {property_address}\n"
            "Türcode: {door_code}\n"
            "WLAN: {wifi_name} / {wifi_password}\n"
            "Alles Weitere steht in der Gästemappe: {guide_link}\n"
            "Einen schönen Aufenthalt!\n"
            "{host_name}",
        ),
        "it": (
            "Il tuo arrivo a {property_name}: informazioni di accesso",
            "Ciao {guest_name}! Oggi arrivi a {property_name}: il check-in è possibile dalle {check_in_time}.\n"
            "Indirizzo: {property_address}\n"
            "Codice d'ingresso: {door_code}\n"
            "Wi-Fi: {wifi_name} / {wifi_password}\n"
            "Tutto il resto è nella guida: {guide_link}\n"
            "Buon soggiorno!\n"
            "{host_name}",
        ),
        "pt": (
            "A sua chegada a {property_name}: dados de acesso",
            "Olá, {guest_name}! Hoje é dia de chegada a {property_name}: o check-in é possível a partir "
            "das {check_in_time}.\n"
            "Morada: {property_address}\n"
            "Código da porta: {door_code}\n"
            "Wi-Fi: {wifi_name} / {wifi_password}\n"
            "Tudo o resto está no guia: {guide_link}\n"
            "Boa estadia!\n"
            "{host_name}",
        ),
    },
    "extra_purchased": {
        "en": (
            "Your order for {property_name}",
            "Thank you, {guest_name}! We've received your order for {extras}: {order_status}. "
            "You can see it on your guest page: {portal_link}\n"
            "{host_name}",
        ),
        "es": (
            "Tu pedido para {property_name}",
            "¡Gracias, {guest_name}! Hemos recibido tu pedido de {extras}: {order_status}. "
            "Puedes verlo en tu página: {portal_link}\n"
            "{host_name}",
        ),
        "fr": (
            "Votre commande pour {property_name}",
            "Merci, {guest_name} ! Nous avons bien reçu votre commande de {extras} : {order_status}. "
            "Vous la retrouvez sur votre page : {portal_link}\n"
            "{host_name}",
        ),
        "de": (
            "Ihre Bestellung für {property_name}",
            "Vielen Dank, {guest_name}! Ihre Bestellung von {extras} ist bei uns eingegangen: {order_status}. "
            "Sie finden sie auf Ihrer Gästeseite: {portal_link}\n"
            "{host_name}",
        ),
        "it": (
            "Il tuo ordine per {property_name}",
            "Grazie, {guest_name}! Abbiamo ricevuto il tuo ordine di {extras}: {order_status}. "
            "Lo trovi nella tua pagina: {portal_link}\n"
            "{host_name}",
        ),
        "pt": (
            "A sua encomenda para {property_name}",
            "Olá, {guest_name}! Recebemos a sua encomenda de {extras}: {order_status}. "
            "Pode consultá-la na sua página: {portal_link}\n"
            "{host_name}",
        ),
    },
    "extra_approved": {
        "en": (
            "Your order for {property_name} is confirmed",
            "Good news, {guest_name}! Your order for {extras} has been approved and charged to your card. "
            "The details are on your guest page: {portal_link}\n"
            "{host_name}",
        ),
        "es": (
            "Tu pedido para {property_name} está confirmado",
            "¡Buenas noticias, {guest_name}! Hemos aprobado tu pedido de {extras} y lo hemos cobrado en tu tarjeta. "
            "Tienes los detalles en tu página: {portal_link}\n"
            "{host_name}",
        ),
        "fr": (
            "Votre commande pour {property_name} est confirmée",
            "Bonne nouvelle, {guest_name} ! Votre commande de {extras} a été acceptée et le montant a été débité "
            "de votre carte. Les détails sont sur votre page : {portal_link}\n"
            "{host_name}",
        ),
        "de": (
            "Ihre Bestellung für {property_name} ist bestätigt",
            "Gute Nachrichten, {guest_name}! Ihre Bestellung von {extras} wurde bestätigt und der Betrag von Ihrer "
            "Karte abgebucht. Die Details finden Sie auf Ihrer Gästeseite: {portal_link}\n"
            "{host_name}",
        ),
        "it": (
            "Il tuo ordine per {property_name} è confermato",
            "Buone notizie, {guest_name}! Il tuo ordine di {extras} è stato approvato e l'importo è stato "
            "addebitato sulla tua carta. Trovi i dettagli nella tua pagina: {portal_link}\n"
            "{host_name}",
        ),
        "pt": (
            "A sua encomenda para {property_name} está confirmada",
            "Boas notícias, {guest_name}! A sua encomenda de {extras} foi aprovada e o valor foi debitado "
            "no seu cartão. Pode ver os detalhes na sua página: {portal_link}\n"
            "{host_name}",
        ),
    },
    "extra_declined": {
        "en": (
            "About your order for {property_name}",
            "Hello {guest_name}, we're sorry: your order for {extras} could not be confirmed. Nothing has been "
            "charged, and the hold on your card has been released.\n"
            "{host_name}",
        ),
        "es": (
            "Sobre tu pedido para {property_name}",
            "Hola, {guest_name}. Lo sentimos: no hemos podido confirmar tu pedido de {extras}. No se te ha cobrado "
            "nada y se ha liberado el importe retenido en tu tarjeta.\n"
            "{host_name}",
        ),
        "fr": (
            "À propos de votre commande pour {property_name}",
            "Bonjour {guest_name}, nous sommes désolés : votre commande de {extras} n'a pas pu être confirmée. "
            "Aucun montant n'a été débité et la pré-autorisation sur votre carte a été annulée.\n"
            "{host_name}",
        ),
        "de": (
            "Zu Ihrer Bestellung für {property_name}",
            "Hallo {guest_name}, leider konnte Ihre Bestellung von {extras} nicht bestätigt werden. Es wurde nichts "
            "abgebucht, und der auf Ihrer Karte reservierte Betrag wurde freigegeben.\n"
            "{host_name}",
        ),
        "it": (
            "A proposito del tuo ordine per {property_name}",
            "Ciao {guest_name}, ci dispiace: non è stato possibile confermare il tuo ordine di {extras}. Non ti è "
            "stato addebitato nulla e l'importo trattenuto sulla tua carta è stato svincolato.\n"
            "{host_name}",
        ),
        "pt": (
            "Sobre a sua encomenda para {property_name}",
            "Olá, {guest_name}. Lamentamos, mas não foi possível confirmar a sua encomenda de {extras}. Não foi "
            "cobrado nenhum valor e o montante cativo no seu cartão foi libertado.\n"
            "{host_name}",
        ),
    },
    "thank_you": {
        "en": (
            "Thank you for staying at {property_name}",
            "Hello {guest_name}, thank you for staying at {property_name}! We hope you enjoyed it, and we would "
            "love to welcome you again.\n"
            "{host_name}",
        ),
        "es": (
            "Gracias por alojarte en {property_name}",
            "¡Hola, {guest_name}! Gracias por alojarte en {property_name}. Esperamos que lo hayas disfrutado y "
            "nos encantaría recibirte de nuevo.\n"
            "{host_name}",
        ),
        "fr": (
            "Merci pour votre séjour à {property_name}",
            "Bonjour {guest_name}, merci d'avoir séjourné à {property_name} ! Nous espérons que votre séjour vous "
            "a plu et serons ravis de vous accueillir de nouveau.\n"
            "{host_name}",
        ),
        "de": (
            "Danke für Ihren Aufenthalt in {property_name}",
            "Hallo {guest_name}, vielen Dank für Ihren Aufenthalt in {property_name}! Wir hoffen, es hat Ihnen "
            "gefallen, und würden uns freuen, Sie wieder bei uns begrüßen zu dürfen.\n"
            "{host_name}",
        ),
        "it": (
            "Grazie per il tuo soggiorno a {property_name}",
            "Ciao {guest_name}, grazie per aver soggiornato a {property_name}! Speriamo che il soggiorno ti sia "
            "piaciuto e saremo felici di ospitarti di nuovo.\n"
            "{host_name}",
        ),
        "pt": (
            "Agradecemos a sua estadia em {property_name}",
            "Olá, {guest_name}! Agradecemos a sua estadia em {property_name}. Esperamos que tenha gostado, e será "
            "um prazer voltar a receber a sua visita.\n"
            "{host_name}",
        ),
    },
    "manual": {
        "en": ("About your stay at {property_name}", "Hello {guest_name},\n\n"),
        "es": ("Sobre tu estancia en {property_name}", "Hola, {guest_name}:\n\n"),
        "fr": ("À propos de votre séjour à {property_name}", "Bonjour {guest_name},\n\n"),
        "de": ("Zu Ihrem Aufenthalt in {property_name}", "Hallo {guest_name},\n\n"),
        "it": ("A proposito del tuo soggiorno a {property_name}", "Ciao {guest_name},\n\n"),
        "pt": ("Sobre a sua estadia em {property_name}", "Olá {guest_name},\n\n"),
    },
}


# {order_status} of a receipt for extras: awaiting the host's approval, or confirmed and paid.
ORDER_STATUS = {
    True: {
        "en": "your host will confirm it shortly, and your card is only charged once they do",
        "es": "tu anfitrión lo confirmará en breve, y solo se cobrará en tu tarjeta cuando lo haga",
        "fr": "votre hôte va la confirmer sous peu, et votre carte ne sera débitée qu'à ce moment-là",
        "de": "Ihr Gastgeber bestätigt sie in Kürze, und Ihre Karte wird erst dann belastet",
        "it": "il tuo host lo confermerà a breve, e la tua carta verrà addebitata solo allora",
        "pt": "o seu anfitrião vai confirmá-la em breve, e o cartão só é cobrado quando o fizer",
    },
    False: {
        "en": "it is confirmed and paid",
        "es": "está confirmado y pagado",
        "fr": "elle est confirmée et payée",
        "de": "sie ist bestätigt und bezahlt",
        "it": "è confermato e pagato",
        "pt": "está confirmada e paga",
    },
}


def order_status_for(awaiting_approval, language):
    texts = ORDER_STATUS[bool(awaiting_approval)]
    return texts.get(language) or texts["en"]


def default_for(event, language):
    """The default (subject, text) of an event in a language, English when the language has none."""
    texts = DEFAULTS[event]
    return texts.get(language) or texts["en"]
