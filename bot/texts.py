"""Every text the bot itself writes, per language (the survey's own texts live in its file)."""

from __future__ import annotations

from collections.abc import Mapping

FALLBACK = "en"

_CATALOG: Mapping[str, Mapping[str, str]] = {
    "fr": {
        "error_empty": "Votre réponse est vide. Écrivez quelques mots, s'il vous plaît.",
        "error_too_long": "Votre réponse est trop longue : {limit} caractères au maximum.",
        "error_required": "Cette question est obligatoire : elle ne peut pas être passée.",
        "error_yes_no": "Répondez par « oui » ou « non », ou utilisez les boutons.",
        "error_type_answer": "Tapez votre réponse dans le chat.",
        "error_choose_option": "Choisissez une des propositions (bouton ou numéro).",
        "error_scale": "Choisissez une note de {low} à {high}.",
        "error_pick_exactly": "Choisissez exactement {count} proposition(s).",
        "error_pick_between": "Choisissez entre {low} et {high} propositions.",
        "error_number": "Tapez un nombre entier, par exemple 12.",
        "error_number_between": "Tapez un nombre entier entre {low} et {high}.",
        "error_number_min": "Tapez un nombre entier d'au moins {low}.",
        "error_number_max": "Tapez un nombre entier de {high} au plus.",
        "yes": "Oui",
        "no": "Non",
        "skipped": "(passée)",
        "progress": "Question {position}/{total}",
        "hint_type_number": "Tapez un nombre.",
        "hint_type_text": "Tapez votre réponse ({limit} caractères au maximum).",
        "hint_pick_many": "Cochez vos choix puis confirmez.",
        "ask_other": "Précisez « {option} » en quelques mots :",
        "button_back": "◀ Retour",
        "button_skip": "Passer ▶",
        "button_confirm": "Confirmer ✔",
        "button_submit": "Envoyer mes réponses ✔",
        "button_cancel_yes": "Oui, tout effacer",
        "button_cancel_no": "Non, continuer",
        "review": "Vos réponses :",
        "review_hint": "Vérifiez puis envoyez. Après l'envoi, les réponses ne peuvent plus être "
        "modifiées. /back pour revenir à la dernière question.",
        "anonymity": "Vos réponses sont anonymes : elles sont enregistrées sous un jeton "
        "aléatoire, jamais avec votre nom ni votre identifiant Telegram.",
        "deadline": "L'enquête se clôture le {date}.",
        "choose_language": "Choisissez votre langue :",
        "begin": "Commencer",
        "resume": "Vous aviez commencé : on reprend où vous vous étiez arrêté.",
        "already_done": "Vous avez déjà participé à cette enquête. Merci !",
        "closed": "Cette enquête est clôturée depuis le {date}. Merci de votre intérêt.",
        "closed_now": "Cette enquête est clôturée. Merci de votre intérêt.",
        "not_started": "Vous n'avez pas encore commencé : envoyez /start.",
        "private_only": "Pour rester anonyme, l'enquête se remplit en conversation privée : {link}",
        "stale": "Ce bouton n'est plus valable. Voici la question en cours.",
        "unsupported": "Je ne comprends que le texte et les boutons. Voici la question en cours.",
        "unknown_command": "Commande inconnue. /help affiche les commandes.",
        "try_again": "Un problème est survenu de notre côté. Réessayez dans un instant.",
        "cancel_confirm": "Effacer toutes vos réponses en cours ? Rien n'aura été envoyé.",
        "cancelled": "Vos réponses en cours ont été effacées. /start pour recommencer.",
        "cancel_kept": "D'accord, on continue.",
        "no_back": "Vous êtes à la première question.",
        "submitted": "Réponses envoyées.",
        "help": "/start — commencer ou reprendre l'enquête\n/back — revenir à la question "
        "précédente\n/cancel — effacer vos réponses en cours\n/privacy — ce qui est "
        "enregistré et ce qui ne l'est pas\n/help — cette aide",
        "privacy": "Ce qui est enregistré : vos réponses, sous un jeton aléatoire ; le jour "
        "de l'envoi et la durée arrondie à la minute.\nCe qui ne l'est pas : votre nom, "
        "votre identifiant ou pseudo Telegram, vos messages, l'heure de vos réponses.\n"
        "Pour n'accepter qu'une réponse par personne, le bot garde une empreinte "
        "chiffrée (non réversible) de votre identifiant, qui n'est plus reliée à vos "
        "réponses dès leur envoi.\nLes responsables ne voient que des chiffres "
        "globaux ; un groupe de moins de {group} personnes n'est jamais montré seul.",
        "admin_only": "Cette commande est réservée aux responsables de l'enquête.",
    },
    "nl": {
        "error_empty": "Uw antwoord is leeg. Schrijf een paar woorden, alstublieft.",
        "error_too_long": "Uw antwoord is te lang: hoogstens {limit} tekens.",
        "error_required": "Deze vraag is verplicht: u kunt ze niet overslaan.",
        "error_yes_no": "Antwoord met 'ja' of 'nee', of gebruik de knoppen.",
        "error_type_answer": "Typ uw antwoord in de chat.",
        "error_choose_option": "Kies een van de mogelijkheden (knop of nummer).",
        "error_scale": "Kies een score van {low} tot {high}.",
        "error_pick_exactly": "Kies precies {count} mogelijkheid/mogelijkheden.",
        "error_pick_between": "Kies tussen {low} en {high} mogelijkheden.",
        "error_number": "Typ een geheel getal, bijvoorbeeld 12.",
        "error_number_between": "Typ een geheel getal tussen {low} en {high}.",
        "error_number_min": "Typ een geheel getal van minstens {low}.",
        "error_number_max": "Typ een geheel getal van hoogstens {high}.",
        "yes": "Ja",
        "no": "Nee",
        "skipped": "(overgeslagen)",
        "progress": "Vraag {position}/{total}",
        "hint_type_number": "Typ een getal.",
        "hint_type_text": "Typ uw antwoord (hoogstens {limit} tekens).",
        "hint_pick_many": "Vink uw keuzes aan en bevestig.",
        "ask_other": "Verduidelijk '{option}' in een paar woorden:",
        "button_back": "◀ Terug",
        "button_skip": "Overslaan ▶",
        "button_confirm": "Bevestigen ✔",
        "button_submit": "Mijn antwoorden versturen ✔",
        "button_cancel_yes": "Ja, alles wissen",
        "button_cancel_no": "Nee, doorgaan",
        "review": "Uw antwoorden:",
        "review_hint": "Controleer en verstuur. Na het versturen kunnen de antwoorden niet meer "
        "gewijzigd worden. /back om naar de laatste vraag terug te gaan.",
        "anonymity": "Uw antwoorden zijn anoniem: ze worden bewaard onder een willekeurig "
        "token, nooit met uw naam of uw Telegram-id.",
        "deadline": "De enquête sluit op {date}.",
        "choose_language": "Kies uw taal:",
        "begin": "Beginnen",
        "resume": "U was al begonnen: we gaan verder waar u gebleven was.",
        "already_done": "U hebt al deelgenomen aan deze enquête. Bedankt!",
        "closed": "Deze enquête is gesloten sinds {date}. Bedankt voor uw interesse.",
        "closed_now": "Deze enquête is gesloten. Bedankt voor uw interesse.",
        "not_started": "U bent nog niet begonnen: stuur /start.",
        "private_only": "Om anoniem te blijven, vult u de enquête in een privégesprek in: {link}",
        "stale": "Deze knop is niet meer geldig. Hier is de huidige vraag.",
        "unsupported": "Ik begrijp alleen tekst en knoppen. Hier is de huidige vraag.",
        "unknown_command": "Onbekend commando. /help toont de commando's.",
        "try_again": "Er ging bij ons iets mis. Probeer het zo meteen opnieuw.",
        "cancel_confirm": "Al uw lopende antwoorden wissen? Er is nog niets verstuurd.",
        "cancelled": "Uw lopende antwoorden zijn gewist. /start om opnieuw te beginnen.",
        "cancel_kept": "Goed, we gaan verder.",
        "no_back": "U bent bij de eerste vraag.",
        "submitted": "Antwoorden verstuurd.",
        "help": "/start — de enquête beginnen of hervatten\n/back — terug naar de vorige "
        "vraag\n/cancel — uw lopende antwoorden wissen\n/privacy — wat bewaard wordt en "
        "wat niet\n/help — deze hulp",
        "privacy": "Wat bewaard wordt: uw antwoorden, onder een willekeurig token; de dag "
        "van verzending en de duur afgerond op de minuut.\nWat niet: uw naam, uw "
        "Telegram-id of gebruikersnaam, uw berichten, het uur van uw antwoorden.\nOm "
        "maar één antwoord per persoon toe te laten, bewaart de bot een versleutelde "
        "(niet omkeerbare) vingerafdruk van uw id, die na het versturen niet meer aan "
        "uw antwoorden gekoppeld is.\nDe verantwoordelijken zien enkel globale "
        "cijfers; een groep van minder dan {group} personen wordt nooit apart getoond.",
        "admin_only": "Dit commando is voorbehouden aan de verantwoordelijken van de enquête.",
    },
    "en": {
        "error_empty": "Your answer is empty. Please write a few words.",
        "error_too_long": "Your answer is too long: {limit} characters at most.",
        "error_required": "This question is required: it cannot be skipped.",
        "error_yes_no": "Answer 'yes' or 'no', or use the buttons.",
        "error_type_answer": "Type your answer in the chat.",
        "error_choose_option": "Choose one of the options (button or number).",
        "error_scale": "Choose a rating from {low} to {high}.",
        "error_pick_exactly": "Choose exactly {count} option(s).",
        "error_pick_between": "Choose between {low} and {high} options.",
        "error_number": "Type a whole number, for example 12.",
        "error_number_between": "Type a whole number between {low} and {high}.",
        "error_number_min": "Type a whole number of at least {low}.",
        "error_number_max": "Type a whole number of at most {high}.",
        "yes": "Yes",
        "no": "No",
        "skipped": "(skipped)",
        "progress": "Question {position}/{total}",
        "hint_type_number": "Type a number.",
        "hint_type_text": "Type your answer ({limit} characters at most).",
        "hint_pick_many": "Tick your choices, then confirm.",
        "ask_other": "Please specify '{option}' in a few words:",
        "button_back": "◀ Back",
        "button_skip": "Skip ▶",
        "button_confirm": "Confirm ✔",
        "button_submit": "Submit my answers ✔",
        "button_cancel_yes": "Yes, delete everything",
        "button_cancel_no": "No, continue",
        "review": "Your answers:",
        "review_hint": "Check, then submit. Once submitted, answers cannot be changed. "
        "/back to return to the last question.",
        "anonymity": "Your answers are anonymous: they are stored under a random token, never "
        "with your name or your Telegram id.",
        "deadline": "The survey closes on {date}.",
        "choose_language": "Choose your language:",
        "begin": "Start",
        "resume": "You had started: let's continue where you stopped.",
        "already_done": "You have already taken part in this survey. Thank you!",
        "closed": "This survey closed on {date}. Thank you for your interest.",
        "closed_now": "This survey is closed. Thank you for your interest.",
        "not_started": "You have not started yet: send /start.",
        "private_only": "To stay anonymous, the survey is answered in a private chat: {link}",
        "stale": "This button is no longer valid. Here is the current question.",
        "unsupported": "I only understand text and buttons. Here is the current question.",
        "unknown_command": "Unknown command. /help lists the commands.",
        "try_again": "Something went wrong on our side. Please try again in a moment.",
        "cancel_confirm": "Delete all your answers in progress? Nothing has been submitted.",
        "cancelled": "Your answers in progress were deleted. /start to begin again.",
        "cancel_kept": "All right, let's continue.",
        "no_back": "You are at the first question.",
        "submitted": "Answers submitted.",
        "help": "/start — start or resume the survey\n/back — return to the previous "
        "question\n/cancel — delete your answers in progress\n/privacy — what is stored "
        "and what is not\n/help — this help",
        "privacy": "What is stored: your answers, under a random token; the day of "
        "submission and the time taken, rounded to the minute.\nWhat is not: your name, "
        "your Telegram id or username, your messages, the time of your answers.\nTo "
        "accept one response per person, the bot keeps a keyed, one-way fingerprint of "
        "your id, which is no longer linked to your answers once they are submitted.\n"
        "The organisers only see overall figures; a group of fewer than {group} people is "
        "never shown on its own.",
        "admin_only": "This command is reserved for the survey's organisers.",
    },
    "de": {
        "error_empty": "Ihre Antwort ist leer. Bitte schreiben Sie ein paar Worte.",
        "error_too_long": "Ihre Antwort ist zu lang: höchstens {limit} Zeichen.",
        "error_required": "Diese Frage ist Pflicht: Sie kann nicht übersprungen werden.",
        "error_yes_no": "Antworten Sie mit „ja“ oder „nein“, oder nutzen Sie die Knöpfe.",
        "error_type_answer": "Tippen Sie Ihre Antwort in den Chat.",
        "error_choose_option": "Wählen Sie eine der Möglichkeiten (Knopf oder Nummer).",
        "error_scale": "Wählen Sie eine Bewertung von {low} bis {high}.",
        "error_pick_exactly": "Wählen Sie genau {count} Möglichkeit(en).",
        "error_pick_between": "Wählen Sie zwischen {low} und {high} Möglichkeiten.",
        "error_number": "Tippen Sie eine ganze Zahl, zum Beispiel 12.",
        "error_number_between": "Tippen Sie eine ganze Zahl zwischen {low} und {high}.",
        "error_number_min": "Tippen Sie eine ganze Zahl von mindestens {low}.",
        "error_number_max": "Tippen Sie eine ganze Zahl von höchstens {high}.",
        "yes": "Ja",
        "no": "Nein",
        "skipped": "(übersprungen)",
        "progress": "Frage {position}/{total}",
        "hint_type_number": "Tippen Sie eine Zahl.",
        "hint_type_text": "Tippen Sie Ihre Antwort (höchstens {limit} Zeichen).",
        "hint_pick_many": "Kreuzen Sie Ihre Wahl an und bestätigen Sie.",
        "ask_other": "Bitte präzisieren Sie „{option}“ in ein paar Worten:",
        "button_back": "◀ Zurück",
        "button_skip": "Überspringen ▶",
        "button_confirm": "Bestätigen ✔",
        "button_submit": "Antworten absenden ✔",
        "button_cancel_yes": "Ja, alles löschen",
        "button_cancel_no": "Nein, weiter",
        "review": "Ihre Antworten:",
        "review_hint": "Prüfen und absenden. Danach können die Antworten nicht mehr geändert "
        "werden. /back führt zur letzten Frage zurück.",
        "anonymity": "Ihre Antworten sind anonym: Sie werden unter einem Zufallsschlüssel "
        "gespeichert, nie mit Ihrem Namen oder Ihrer Telegram-ID.",
        "deadline": "Die Umfrage endet am {date}.",
        "choose_language": "Wählen Sie Ihre Sprache:",
        "begin": "Beginnen",
        "resume": "Sie hatten begonnen: Es geht dort weiter, wo Sie aufgehört haben.",
        "already_done": "Sie haben an dieser Umfrage bereits teilgenommen. Danke!",
        "closed": "Diese Umfrage ist seit dem {date} geschlossen. Danke für Ihr Interesse.",
        "closed_now": "Diese Umfrage ist geschlossen. Danke für Ihr Interesse.",
        "not_started": "Sie haben noch nicht begonnen: Senden Sie /start.",
        "private_only": "Um anonym zu bleiben, wird die Umfrage im Privatchat beantwortet: {link}",
        "stale": "Dieser Knopf gilt nicht mehr. Hier ist die aktuelle Frage.",
        "unsupported": "Ich verstehe nur Text und Knöpfe. Hier ist die aktuelle Frage.",
        "unknown_command": "Unbekannter Befehl. /help zeigt die Befehle.",
        "try_again": "Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.",
        "cancel_confirm": "Alle laufenden Antworten löschen? Noch wurde nichts abgeschickt.",
        "cancelled": "Ihre laufenden Antworten wurden gelöscht. /start für einen Neubeginn.",
        "cancel_kept": "Gut, es geht weiter.",
        "no_back": "Sie sind bei der ersten Frage.",
        "submitted": "Antworten abgeschickt.",
        "help": "/start — Umfrage beginnen oder fortsetzen\n/back — zur vorigen Frage\n"
        "/cancel — laufende Antworten löschen\n/privacy — was gespeichert wird und was "
        "nicht\n/help — diese Hilfe",
        "privacy": "Gespeichert wird: Ihre Antworten unter einem Zufallsschlüssel; der Tag "
        "des Absendens und die Dauer, auf die Minute gerundet.\nNicht gespeichert: Ihr "
        "Name, Ihre Telegram-ID oder Ihr Benutzername, Ihre Nachrichten, die Uhrzeit Ihrer "
        "Antworten.\nUm nur eine Antwort pro Person anzunehmen, behält der Bot einen "
        "verschlüsselten, nicht umkehrbaren Fingerabdruck Ihrer ID, der nach dem Absenden "
        "nicht mehr mit Ihren Antworten verbunden ist.\nDie Verantwortlichen sehen nur "
        "Gesamtzahlen; eine Gruppe von weniger als {group} Personen wird nie allein gezeigt.",
        "admin_only": "Dieser Befehl ist den Verantwortlichen der Umfrage vorbehalten.",
    },
}

YES_NO_WORDS: Mapping[bool, frozenset[str]] = {
    True: frozenset({"yes", "y", "oui", "o", "ja", "j", "1", "true"}),
    False: frozenset({"no", "n", "non", "nee", "nein", "0", "false"}),
}

"""Words accepted as a typed yes or no, in any of the bot's languages."""

BOT_LANGUAGES = tuple(_CATALOG)


def text(language: str, key: str, **values: object) -> str:
    """Return the bot's text `key` in `language` (English when the language is not known)."""
    catalog = _CATALOG.get(language) or _CATALOG[FALLBACK]
    template = catalog.get(key) or _CATALOG[FALLBACK][key]
    return template.format(**values) if values else template
