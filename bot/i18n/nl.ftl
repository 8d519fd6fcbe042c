# Nederlands: every sentence the bot itself writes (the survey's own texts are in its file).
# { $name } is filled in by the bot: keep it, anywhere in the sentence.
# A test checks that every language file has the same messages and placeables.

## This language

# The Babel locale (language_REGION) that formats numbers and dates.
language_locale = nl_BE
# The language's own name, on the language buttons.
language_name = Nederlands
# Typed answers taken as yes and as no (any case), separated by commas.
yes_words = ja, j, 1
no_words = nee, n, 0

## Sentences

error_empty = Uw antwoord is leeg. Schrijf een paar woorden, alstublieft.
error_too_long = Uw antwoord is te lang: hoogstens { $limit } tekens.
error_required = Deze vraag is verplicht: u kunt ze niet overslaan.
error_yes_no = Antwoord met 'ja' of 'nee', of gebruik de knoppen.
error_type_answer = Typ uw antwoord in de chat.
error_choose_option = Kies een van de mogelijkheden (knop of nummer).
error_scale = Kies een score van { $low } tot { $high }.
error_scale_step = Kies een score van { $low } tot { $high }, in stappen van { $step }.
error_pick_exactly =
    { $count ->
        [one] Kies precies { $count } mogelijkheid.
       *[other] Kies precies { $count } mogelijkheden.
    }
error_pick_between = Kies tussen { $low } en { $high } mogelijkheden.
error_exclusive = '{ $option }' kiest u alleen: vink het uit, of vink de andere antwoorden uit.
error_number = Typ een geheel getal, bijvoorbeeld 12.
error_number_between = Typ een geheel getal tussen { $low } en { $high }.
error_number_min = Typ een geheel getal van minstens { $low }.
error_number_max = Typ een geheel getal van hoogstens { $high }.
error_decimal = Typ een getal, bijvoorbeeld 12,5.
error_decimal_between = Typ een getal tussen { $low } en { $high }.
error_decimal_min = Typ een getal van minstens { $low }.
error_decimal_max = Typ een getal van hoogstens { $high }.
error_decimal_places =
    { $places ->
        [one] Geef hoogstens { $places } cijfer na de komma.
       *[other] Geef hoogstens { $places } cijfers na de komma.
    }
error_date = Typ een datum, de dag eerst, bijvoorbeeld 11/02/2020.
error_date_between = Typ een datum tussen { $low } en { $high }.
error_date_min = Typ een datum vanaf { $low }.
error_date_max = Typ een datum tot en met { $high }.
error_pattern = Uw antwoord heeft niet de verwachte vorm.
yes = Ja
no = Nee
skipped = (overgeslagen)
progress = Vraag { $position } · { $bar } { $percent }
progress_section = { $section } · vraag { $position } · { $bar } { $percent }
hint_type_number = Typ een getal.
hint_type_text = Typ uw antwoord (hoogstens { $limit } tekens).
hint_type_decimal = Typ een getal, bijvoorbeeld 12,5.
hint_type_date = Typ een datum, bijvoorbeeld 11/02/2020.
hint_typing_date = [dd/mm/jjjj]
hint_type_answer = Typ uw antwoord.
hint_pick_many = Vink uw keuzes aan en bevestig.
ask_other = U koos '{ $option }': verduidelijk in een paar woorden.
button_back = ◀ Terug
button_skip = Overslaan ▶
button_confirm = Bevestigen ✔
button_submit = Mijn antwoorden versturen ✔
button_cancel_yes = Ja, alles wissen
button_cancel_no = Nee, doorgaan
review = Uw antwoorden:
review_hint = Controleer en verstuur. Na het versturen kunnen de antwoorden niet meer gewijzigd worden. ✏️ om een antwoord te wijzigen, ◀ om naar de laatste vraag terug te gaan.
anonymity = Uw antwoorden zijn anoniem: ze worden bewaard onder een willekeurig token, nooit met uw naam of uw Telegram-id (details: /privacy).
deadline = De enquête sluit op { $date }.
choose_language = Kies uw taal:
resume = U was al begonnen: we gaan verder waar u gebleven was.
already_done = U hebt al deelgenomen aan deze enquête. Bedankt!
closed = Deze enquête is gesloten sinds { $date }. Bedankt voor uw interesse.
closed_now = Deze enquête is gesloten. Bedankt voor uw interesse.
not_started = U bent nog niet begonnen: stuur /start.
resume_by_button = De bot is herstart, en hij bewaart niets dat zegt welke antwoorden van u zijn. Tik op een knop van uw laatste vraag om verder te gaan; of begin opnieuw.
resume_or_start = De bot is herstart: als u al begonnen was, tik dan op een knop van uw laatste vraag om verder te gaan waar u was. Anders begint u hier.
button_start_over = Opnieuw beginnen
private_only = Om anoniem te blijven, vult u de enquête in een privégesprek in: { $link }
stale = Deze knop is niet meer geldig: beantwoord de laatste vraag.
unsupported = Ik begrijp alleen tekst en knoppen.
unsupported_question = Ik begrijp alleen tekst en knoppen. Hier is de huidige vraag.
unsupported_above = Ik begrijp alleen tekst en knoppen: beantwoord de huidige vraag, hierboven.
unknown_command = Onbekend commando. /help toont de commando's.
try_again = Er ging bij ons iets mis. Probeer het zo meteen opnieuw.
cancel_confirm = Al uw lopende antwoorden wissen? Er is nog niets verstuurd.
cancelled = Uw lopende antwoorden zijn gewist. /start om opnieuw te beginnen.
cancel_kept = Goed, we gaan verder.
no_back = U bent bij de eerste vraag.
submitted = Antwoorden verstuurd.
busy = Genoteerd. Veel collega's antwoorden nu: uw volgende vraag volgt binnen enkele seconden.
help =
    /start — de enquête beginnen of hervatten
    /back — terug naar de vorige vraag
    /cancel — uw lopende antwoorden wissen
    /privacy — wat bewaard wordt, en wie wat ziet
    /help — deze hulp
help_admin =
    Voor de organisatoren:
    /stats — het overzicht en een grafiek per vraag; /stats NUMMER — één vraag in detail, of alle vragen uitgesplitst volgens een uitsplitsingsvraag (bv. /stats 3, /stats { $breakdown })
    /report [VRAAG] [TAAL] — het pdf-rapport (bv. /report { $breakdown } nl)
    /export [csv|json|xlsx] [codes] [TAAL] — de cijfers als bestanden, nooit een rij per persoon: een CSV die in Excel opent, met de labels, of met de codes met 'codes'; JSON; een werkmap (bv. /export xlsx nl, /export csv codes)
    /close — de enquête sluiten (na bevestiging)
    /open [DATUM [UUR]] — weer openen, tot de geldende datum of een nieuwe (bv. /open { $date } 17:00, /open +14)
help_admin_server = Afzonderlijke antwoorden (een rij per persoon) worden niet via Telegram verstuurd: de eigenaar van de gegevens exporteert ze op de server, met survey-bot export.
help_admin_raw = /export raw [csv|json|xlsx] [codes] [TAAL] — de afzonderlijke antwoorden (een rij per persoon), voor u als eigenaar van de gegevens: .age-bestanden, versleuteld voor de ingestelde sleutel. Op uw computer: age -d -i key.txt BESTAND.age > BESTAND
privacy_stored =
    Wat bewaard wordt: uw antwoorden, onder een willekeurig token; de dag van verzending en de duur afgerond op de minuut.
    Wat niet: uw naam, uw Telegram-id of gebruikersnaam, uw berichten, het uur van uw antwoorden.
    Niets in de bestanden van de bot koppelt u aan uw antwoorden, ook niet terwijl u antwoordt: enkel het geheugen van de bot weet welke antwoorden van u zijn, en na een herstart zegt uw volgende tik op een knop van uw laatste vraag het hem opnieuw. Bij het versturen krijgen uw antwoorden een nieuw token.
    Bewaard blijft dat u deelnam, als een vingerafdruk met sleutel (niet omkeerbaar) van uw id, zodat elke persoon maar één keer antwoordt; die wordt pas geschreven samen met die van anderen die rond hetzelfde moment verstuurden, zodat zelfs wie de bestanden van de bot op elk moment heeft, niet kan weten welke antwoorden van u zijn.
privacy_admins = Wat de verantwoordelijken zien (de beheerders van de bot, in Telegram): enkel globale cijfers (/stats, het pdf-rapport, tabellen met cijfers), nooit de antwoorden van één persoon samen. Geen enkel cijfer steunt op minder dan { $group } personen: een groep, of een vraag die minder dan { $group } personen beantwoordden, wordt niet getoond.
privacy_admins_no_texts = Van de geschreven antwoorden zien ze enkel het aantal, nooit de teksten.
privacy_admins_texts = Geschreven antwoorden: ze zien de teksten zelf, in alfabetische volgorde en zonder iets ernaast, voor een vraag die minstens { $group } personen beantwoordden; anders enkel het aantal.
privacy_owner_server = Wat de eigenaar van de gegevens ziet (wie de server beheert waarop de databank staat): elk verstuurd antwoord afzonderlijk, enkel op die server, zonder ooit te weten van wie het is. Afzonderlijke antwoorden gaan nooit via Telegram.
privacy_owner_telegram = Wat de eigenaar van de gegevens ziet (wie de server beheert waarop de databank staat): elk verstuurd antwoord afzonderlijk, zonder ooit te weten van wie het is: op die server, of in bestanden die de bot stuurt naar de eigenaars die zijn configuratie noemt, versleuteld voor een sleutel die enkel zij hebben, zodat Telegram en hun telefoons enkel een versleuteld bestand bewaren.
privacy_telegram = Wat Telegram ziet: het vervoert elk bericht en ziet dus wie de bot schrijft en wat er verstuurd wordt, zoals in elk gesprek, en bewaart dit gesprek op zijn servers tot het gewist wordt. De cijfers voor de verantwoordelijken gaan er ook door.
privacy_memory = Wat het geheugen van de bot bewaart terwijl hij draait: welke lopende antwoorden van u zijn en waar uw huidige vraag getoond wordt, en de berichten die nog verstuurd moeten worden, die uw antwoorden kunnen herhalen (het overzicht vóór het versturen doet dat). Ze worden vergeten zodra ze verstuurd zijn, en alles verdwijnt wanneer de bot stopt. De bestanden die hij voor de verantwoordelijken maakt, ontstaan in het geheugen en worden nooit op zijn schijf geschreven.
privacy_retention = Hoe lang: { $days ->
    [0] de afzonderlijke antwoorden worden definitief gewist zodra de enquête sluit
    [one] de afzonderlijke antwoorden worden definitief gewist één dag na de sluiting van de enquête
   *[other] de afzonderlijke antwoorden worden definitief gewist { $days } dagen na de sluiting van de enquête
}, met uw onafgewerkte antwoorden en het gegeven dat u geantwoord hebt; alleen de cijfers die de verantwoordelijken konden zien, worden bewaard.
admin_only = Dit commando is voorbehouden aan de verantwoordelijken van de enquête.
bot_description = { $title }. Deze bot stelt de vragen van de enquête, één per keer. Uw antwoorden zijn anoniem: ze worden bewaard onder een willekeurig token, nooit met uw naam of uw Telegram-id (/privacy). Druk op Starten om te beginnen.
bot_short_description = { $title } · anonieme enquête
cmd_start = De enquête beginnen of hervatten
cmd_back = Terug naar de vorige vraag
cmd_cancel = Mijn lopende antwoorden wissen
cmd_help = Hulp
cmd_privacy = Wat bewaard wordt, wie wat ziet
cmd_stats = Cijfers (verantwoordelijken)
cmd_close = De enquête sluiten (verantwoordelijken)
cmd_open = De enquête heropenen (verantwoordelijken)
cmd_export = Cijfers exporteren (verantwoordelijken)
admin_close_confirm = De enquête nu sluiten? Niemand kan dan nog antwoorden.
admin_close_yes = Ja, sluiten
admin_close_no = Nee
admin_closed = Enquête gesloten.
admin_close_kept = De enquête blijft open.
admin_already_closed = De enquête is al gesloten.
admin_reopened = Enquête heropend, zonder einddatum.
admin_reopened_until = Enquête heropend tot { $date }.
admin_bad_date = Datum niet begrepen. Bijvoorbeeld: /open { $example }, /open { $example } 17:00, /open morgen of /open +14 (over 14 dagen).
admin_past_date = Die datum is al voorbij.
admin_caption_report =
    { $count ->
        [one] Rapport over { $count } antwoord, op { $date }
       *[other] Rapport over { $count } antwoorden, op { $date }
    }
admin_caption_figures =
    { $count ->
        [one] Cijfers over { $count } antwoord, op { $date }
       *[other] Cijfers over { $count } antwoorden, op { $date }
    }
admin_caption_raw =
    { $count ->
        [one] { $count } afzonderlijk antwoord, op { $date }, versleuteld voor de sleutel van de eigenaar van de gegevens. Op uw computer: age -d -i key.txt { $file } > { $plain }
       *[other] { $count } afzonderlijke antwoorden, op { $date }, versleuteld voor de sleutel van de eigenaar van de gegevens. Op uw computer: age -d -i key.txt { $file } > { $plain }
    }
admin_open_needs_date = De einddatum ({ $date }) is voorbij: kies hieronder een nieuwe, of typ ze, bijvoorbeeld /open { $example } of /open { $example } 17:00
admin_closing_notice = De enquête is gesloten.
admin_not_breakdown = { $question } is geen uitsplitsingsvraag. Mogelijk: { $choices }
admin_export_format = Formaten: csv, json, xlsx; 'codes' voor een CSV met codes in plaats van labels.
admin_export_raw_refused = Afzonderlijke antwoorden (een rij per persoon) worden niet naar de verantwoordelijken gestuurd: de eigenaar van de gegevens exporteert ze op de server (survey-bot export), of krijgt ze versleuteld als de configuratie hem noemt. /export geeft u de cijfers.
admin_export_raw_purged = De afzonderlijke antwoorden zijn op { $date } gewist: alleen de cijfers zijn bewaard (/export).
admin_purged = De afzonderlijke antwoorden zijn op { $date } gewist (opslagbeperking): dit zijn de bewaarde cijfers, zoals ze bij de sluiting getoond werden.
admin_open_purged = De afzonderlijke antwoorden van deze enquête zijn op { $date } gewist: ze kan niet meer geopend worden.
stats_overview = Begonnen { $started } · lopend { $in_progress } · verstuurd { $submitted }
stats_rate = Voltooiingsgraad { $rate } · mediane duur { $minutes } min
stats_per_day = Per dag: { $days }
stats_complete =
    { $count ->
        [one] Cijfers over het { $count } verstuurde antwoord.
       *[other] Cijfers over de { $count } verstuurde antwoorden.
    }
stats_batched =
    { $submitted ->
        [one] { $submitted } antwoord verstuurd
       *[other] { $submitted } antwoorden verstuurd
    }; de cijfers steunen op { $count } (vrijgegeven per groep van { $group } zodat niemand herkenbaar is).
stats_skipped =
    { $count ->
        [one] { $count } sloeg de vraag over
       *[other] { $count } sloegen de vraag over
    }
stats_texts =
    { $count ->
        [one] { $count } geschreven antwoord
       *[other] { $count } geschreven antwoorden
    }
stats_other_texts = 'andere'-teksten: { $count }
stats_mean = gemiddelde { $mean }, mediaan { $median }
stats_unscored = { $count } zonder score (te weinig antwoorden)
stats_band = ≤ { $max } { $label }
stats_median = mediaan { $median }
stats_dates = van { $first } tot { $last }
stats_breakdown = Uitsplitsing volgens { $question }
stats_hidden =
    { $count ->
        [one] { $count } antwoord in groepen kleiner dan { $group } wordt niet getoond.
       *[other] { $count } antwoorden in groepen kleiner dan { $group } worden niet getoond.
    }
stats_no_group_yet = Nog geen enkele groep heeft { $group } antwoorden.
stats_too_few = minder dan { $group } personen antwoordden: niet getoond
stats_group_other = andere groepen (samengevoegd)
stats_group_none = geen antwoord
cmd_report = PDF-rapport (verantwoordelijken)
report_subtitle = Resultatenrapport
report_generated = Opgemaakt op { $date }
report_first_day = Eerste antwoorden: { $date }
report_last_day = Laatste antwoorden: { $date }
report_deadline = Geplande sluiting: { $date }
report_closed = Gesloten op { $date }
report_no_deadline = Zonder einddatum
report_submitted = Verstuurde antwoorden
report_in_progress = Lopend
report_completion = Voltooiingsgraad
report_median_time = Mediane duur
report_minutes = { $minutes } min
report_per_day = Verstuurde antwoorden per dag
report_multiple_note = Meerdere antwoorden mogelijk: aandeel van de respondenten dat elke mogelijkheid aanvinkte; de percentages komen samen boven 100.
report_no_answers = Nog geen antwoorden.
report_texts_not_shown = De teksten zelf staan niet in dit rapport.
report_texts_too_few = Minder dan { $group } personen antwoordden: hun teksten worden niet weergegeven.
report_other_texts = Verduidelijkingen '{ $option }':
report_page = Pagina { $page }/{ $pages }
xlsx_responses = Antwoorden
xlsx_figures = Cijfers
xlsx_free_texts = Vrije teksten
xlsx_response = Antwoord nr.
xlsx_language = Taal
xlsx_day = Dag van verzending
xlsx_duration = Duur (minuten)
xlsx_text = tekst
xlsx_question = Vraag
xlsx_answered = Beantwoord
xlsx_skipped = Overgeslagen
xlsx_mean = Gemiddelde
xlsx_median = Mediaan
xlsx_texts = Geschreven teksten
xlsx_answer = Antwoord
xlsx_count = Aantal
xlsx_share = Aandeel
xlsx_day_short = Dag
xlsx_started = Begonnen
admin_private_only = De commando's voor organisatoren werken alleen in een privégesprek met de bot: schrijf hem rechtstreeks.
admin_unknown_question = Geen vraag '{ $question }': geef haar nummer, van 1 tot { $count }.
stats_nothing_yet = Nog geen antwoorden.
stats_queue =
    Verzendwachtrij: { $queued ->
        [one] { $queued } bericht wacht
       *[other] { $queued } berichten wachten
    } · huidige wachttijd { $wait } s
stats_paid =
    Betaalde berichten: { $count ->
        [one] { $count } bericht
       *[other] { $count } berichten
    } · { $stars } Stars
stats_paid_budget = Budget: { $hour } van { $per_hour } betaalde berichten dit uur · { $total } van { $max_total } in totaal ({ $stars } van { $max_stars } Stars)
stats_paid_hour_spent = Het budget van dit uur is op: antwoorden wachten op een gratis beurt; het wordt over { $minutes } min aangevuld.
stats_paid_total_spent = Het volledige budget is op: antwoorden wachten voortaan op een gratis beurt (telegram.paid_broadcast_max_total verhoogt het).
stats_hint_detail = Eén vraag in detail: /stats en haar nummer (bv. /stats { $example }).
stats_hint_breakdown = Alles uitgesplitst volgens vraag { $numbers }: /stats { $example }.

## The respondent flow: changing an answer from the recap, edits, the sent recap
button_change = ✏️ Een antwoord wijzigen
button_to_recap = ↩ Terug naar het overzicht
review_sent = ✅ Verstuurd. Uw antwoorden:
deadline_none = zonder einddatum
edit_not_taken = Uw wijziging werd niet overgenomen: die vraag is al beantwoord. Om een antwoord te wijzigen, gebruik "✏️ Een antwoord wijzigen" in het overzicht, of /back.
error_tick_none =
    { $count ->
        [one] Vink minstens één mogelijkheid aan en bevestig.
       *[other] Vink minstens { $count } mogelijkheden aan en bevestig.
    }
already_sent = Uw antwoorden zijn al verstuurd. Dank u!
button_clear = 🧹 Dit gesprek wissen
button_share = 📣 Enquête delen
clearing = Dit gesprek wordt gewist, uw berichten en die van de bot. De bot kan geen berichten wissen die ouder zijn dan 48 uur: wis die zelf (Geschiedenis wissen in het menu van deze chat).
closed_unsent = Deze enquête werd afgesloten op { $date }. Uw antwoorden waren niet verstuurd: ze worden niet meegeteld.
closed_unsent_now = Deze enquête is afgesloten. Uw antwoorden waren niet verstuurd: ze worden niet meegeteld.
stale_typed = Er valt nu niets te typen: controleer uw antwoorden en verstuur ze (of ✏️ wijzig er een).
surveys_menu = Op welke enquête wilt u antwoorden?
surveys_other_open = Deze enquêtes staan open:
cmd_surveys = Uw enquêtes: stand, aantallen, links (verantwoordelijken)
cmd_reload = De configuratie opnieuw lezen: nieuwe enquêtes gaan open (verantwoordelijken van alle enquêtes)
admin_survey = { $title } ({ $id })
admin_close_confirm_named = De enquête { $title } ({ $id }) nu sluiten? Niemand kan er dan nog op antwoorden.
admin_closing_notice_named = De enquête { $title } ({ $id }) is gesloten.
admin_unknown_survey = Geen enquête '{ $survey }' bij de uwe. De uwe: { $surveys }
admin_pick = Welke enquête?
admin_pick_typed = Welke enquête? Geef eerst haar id, bijvoorbeeld /{ $command } ID …, met als ID een van: { $surveys }
help_admin_surveys = /surveys — uw enquêtes: open of gesloten, hun aantallen en links. Met meerdere enquêtes geeft u eerst de id van de enquête (bijvoorbeeld /stats { $example }, /close { $example }); zonder id kiest u met een knop per enquête.
help_admin_reload = /reload — de configuratie opnieuw lezen na het toevoegen van een enquête (voer eerst survey-bot check uit): nieuwe enquêtes gaan open, de andere lopen door zoals ze zijn.
admin_reload_global_only = Alleen de verantwoordelijken van alle enquêtes (de globale admins van de configuratie) mogen ze opnieuw laden.
admin_reload_invalid = De configuratie is niet opnieuw geladen: de enquêtes lopen door zoals ze waren. survey-bot check zegt:
admin_reload_cannot_open = De configuratie is niet opnieuw geladen: een nieuwe enquête kan niet worden geopend. De enquêtes lopen door zoals ze waren.
admin_reload_one_survey = De bot voert één enquête: zijn links en knoppen noemen geen enquête, dus andere toevoegen vraagt een herstart. Er is niets veranderd.
admin_reload_no_config = De instellingen komen niet uit een configuratiebestand: er is niets opnieuw te laden.
admin_reloaded = Configuratie opnieuw geladen.
admin_reload_added = Geopend: { $survey } — { $link }
admin_reload_kept = Lopen door zoals voorheen: { $surveys }
admin_reload_removed = Niet meer in de configuratie, nog open tot de volgende herstart: { $surveys }
admin_reload_changed = Gewijzigd in de configuratie, toegepast bij de volgende herstart (hun admins nu al): { $surveys }
surveys_open = Open, zonder einddatum
surveys_open_until = Open tot { $date }
surveys_grace = In de uitlooptijd: wie begonnen is, kan afronden tot { $date }
surveys_closed = Gesloten sinds { $date }
surveys_counts = Verzonden { $submitted } · bezig { $in_progress }
surveys_link = Link: { $link }

## The figures in plain words
stats_answered =
    { $count ->
        [one] { $count } persoon heeft geantwoord
       *[other] { $count } personen hebben geantwoord
    }
stats_scored =
    { $count ->
        [one] { $count } antwoord met een score
       *[other] { $count } antwoorden met een score
    }
stats_several = meerdere antwoorden mogelijk: de percentages komen samen boven 100
stats_next = De volgende cijfers komen bij { $next } verstuurde antwoorden.
stats_facts = { $who }; { $rest }
admin_closing_figures = De cijfers bij de sluiting op { $date } (ze veranderen als ze met /open heropend wordt):
report_included = In de cijfers
xlsx_codebook = Codeboek
xlsx_column = Kolom
xlsx_question_id = Id van de vraag
xlsx_option_id = Id van de mogelijkheid
report_nothing_yet = Nog niets te rapporteren: er zit nog geen antwoord in de cijfers.
## Members: the thanks in the grace period; what joins a label and its value
thanks_grace = De enquête staat sinds { $date } niet meer open voor nieuwe deelnemers; wie al begonnen was, kan nog afronden.
colon = { ": " }
## Golven: een enquête naast de vorige golf die ze opvolgt
waves_heading = Vergeleken met de vorige golf: { $title } ({ $id })
waves_responses = Antwoorden: vorige golf { $earlier } · deze golf { $later }
waves_legend = Elk cijfer: vorige golf → deze golf (verschil).
waves_answered = mensen die antwoordden: { $earlier } → { $later }
waves_share = { $label }: { $earlier } → { $later } ({ $change } procentpunten)
waves_mean = gemiddelde { $earlier } → { $later } ({ $change })
waves_median = mediaan { $earlier } → { $later } ({ $change })
waves_earlier = vorige golf: { $figures }
waves_later = deze golf: { $figures }
waves_no_change = geen verschil getoond: te weinig personen antwoordden in een van de golven
waves_differs_type = ander vraagtype: niet vergeleken
waves_differs_options = andere opties: niet vergeleken
waves_differs_scale = andere schaal: niet vergeleken
waves_differs_dates = datums: niet vergeleken
waves_differs_texts = vrije teksten: niet vergeleken
waves_new = nieuw in deze golf
waves_gone = alleen in de vorige golf
waves_gone_heading = Vragen van alleen de vorige golf:
waves_withheld = Deze enquête volgt op een vorige golf: de vergelijking wordt alleen getoond aan de verantwoordelijken van beide enquêtes.
xlsx_waves = Golven
xlsx_earlier = Vorige golf
xlsx_later = Deze golf
xlsx_change = Verschil
xlsx_status = Vergelijking
xlsx_earlier_answered = Vorige golf: geantwoord
xlsx_later_answered = Deze golf: geantwoord
admin_stats_one_at_a_time = Eén vraag of één uitsplitsing tegelijk: /stats { $first } (zonder ‘{ $rest }’). Twee uitsplitsingen kruisen zou groepen maken die te klein zijn om te tonen.
stats_no_split_yet = Nog geen uitsplitsing volgens deze vraag: geen van haar groepen kan apart getoond worden (er zijn { $group } antwoorden per groep nodig, en geen groep mag uit de andere af te leiden zijn). Samen zouden ze de hele enquête zijn: /stats toont die.
tomorrow_words = morgen
admin_open_in_weeks = { $weeks ->
    [one] +1 week
   *[other] +{ $weeks } weken
 } ({ $date })
admin_open_other_date = Andere datum
admin_open_type_date = Typ de einddatum, bijvoorbeeld /open { $example }, /open { $example } 17:00, /open morgen of /open +14 (over 14 dagen).
admin_start = U bent organisator van deze enquête. Al uw opdrachten: /help
admin_start_stats = 📊 Cijfers
admin_start_report = 📄 PDF-rapport
admin_start_export = 📥 Cijfers exporteren
admin_start_close = 🔒 Afsluiten
admin_start_open = 🔓 Heropenen
admin_start_take = ✏️ De enquête invullen
