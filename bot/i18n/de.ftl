# Deutsch: every sentence the bot itself writes (the survey's own texts are in its file).
# { $name } is filled in by the bot: keep it, anywhere in the sentence.
# A test checks that every language file has the same messages and placeables.

## This language

# The Babel locale (language_REGION) that formats numbers and dates.
language_locale = de_DE
# The language's own name, on the language buttons.
language_name = Deutsch
# Typed answers taken as yes and as no (any case), separated by commas.
yes_words = ja, j, 1
no_words = nein, n, 0

## Sentences

error_empty = Ihre Antwort ist leer. Bitte schreiben Sie ein paar Worte.
error_too_long = Ihre Antwort ist zu lang: höchstens { $limit } Zeichen.
error_required = Diese Frage ist Pflicht: Sie kann nicht übersprungen werden.
error_yes_no = Antworten Sie mit „ja“ oder „nein“, oder nutzen Sie die Knöpfe.
error_type_answer = Tippen Sie Ihre Antwort in den Chat.
error_choose_option = Wählen Sie eine der Möglichkeiten (Knopf oder Nummer).
error_scale = Wählen Sie eine Bewertung von { $low } bis { $high }.
error_scale_step = Wählen Sie eine Bewertung von { $low } bis { $high }, in Schritten von { $step }.
error_pick_exactly =
    { $count ->
        [one] Wählen Sie genau { $count } Möglichkeit.
       *[other] Wählen Sie genau { $count } Möglichkeiten.
    }
error_pick_between = Wählen Sie zwischen { $low } und { $high } Möglichkeiten.
error_exclusive = „{ $option }“ steht allein: wählen Sie es ab, oder wählen Sie die anderen Antworten ab.
error_number = Tippen Sie eine ganze Zahl, zum Beispiel 12.
error_number_between = Tippen Sie eine ganze Zahl zwischen { $low } und { $high }.
error_number_min = Tippen Sie eine ganze Zahl von mindestens { $low }.
error_number_max = Tippen Sie eine ganze Zahl von höchstens { $high }.
error_decimal = Tippen Sie eine Zahl, zum Beispiel 12,5.
error_decimal_between = Tippen Sie eine Zahl zwischen { $low } und { $high }.
error_decimal_min = Tippen Sie eine Zahl von mindestens { $low }.
error_decimal_max = Tippen Sie eine Zahl von höchstens { $high }.
error_decimal_places =
    { $places ->
        [one] Geben Sie höchstens { $places } Nachkommastelle an.
       *[other] Geben Sie höchstens { $places } Nachkommastellen an.
    }
error_date = Tippen Sie ein Datum, den Tag zuerst, zum Beispiel 11.02.2020.
error_date_between = Tippen Sie ein Datum zwischen dem { $low } und dem { $high }.
error_date_min = Tippen Sie ein Datum ab dem { $low }.
error_date_max = Tippen Sie ein Datum bis zum { $high }.
error_pattern = Ihre Antwort hat nicht die erwartete Form.
yes = Ja
no = Nein
skipped = (übersprungen)
progress = Frage { $position } · { $bar } { $percent }
progress_section = { $section } · Frage { $position } · { $bar } { $percent }
hint_type_number = Tippen Sie eine Zahl.
hint_type_text = Tippen Sie Ihre Antwort (höchstens { $limit } Zeichen).
hint_type_decimal = Tippen Sie eine Zahl, zum Beispiel 12,5.
hint_type_date = Tippen Sie ein Datum, zum Beispiel 11.02.2020.
hint_typing_date = [TT.MM.JJJJ]
hint_type_answer = Tippen Sie Ihre Antwort.
hint_pick_many = Kreuzen Sie Ihre Wahl an und bestätigen Sie.
ask_other = Sie haben „{ $option }“ gewählt: bitte in ein paar Worten präzisieren.
button_back = ◀ Zurück
button_skip = Überspringen ▶
button_confirm = Bestätigen ✔
button_submit = Antworten absenden ✔
button_cancel_yes = Ja, alles löschen
button_cancel_no = Nein, weiter
review = Ihre Antworten:
review_hint = Prüfen und absenden. Danach können die Antworten nicht mehr geändert werden. ✏️ ändert eine Antwort, ◀ führt zur letzten Frage zurück.
anonymity = Ihre Antworten sind anonym: Sie werden unter einem Zufallsschlüssel gespeichert, nie mit Ihrem Namen oder Ihrer Telegram-ID (Details: /privacy).
deadline = Die Umfrage endet am { $date }.
choose_language = Wählen Sie Ihre Sprache:
resume = Sie hatten begonnen: Es geht dort weiter, wo Sie aufgehört haben.
already_done = Sie haben an dieser Umfrage bereits teilgenommen. Danke!
closed = Diese Umfrage ist seit dem { $date } geschlossen. Danke für Ihr Interesse.
closed_now = Diese Umfrage ist geschlossen. Danke für Ihr Interesse.
not_started = Sie haben noch nicht begonnen: Senden Sie /start.
resume_by_button = Der Bot wurde neu gestartet und bewahrt nichts auf, das sagt, welche Antworten Ihre sind. Um weiterzumachen, tippen Sie auf einen Knopf Ihrer letzten Frage; oder beginnen Sie neu.
resume_or_start = Der Bot wurde neu gestartet: Wenn Sie schon begonnen hatten, tippen Sie auf einen Knopf Ihrer letzten Frage, um dort weiterzumachen. Sonst beginnen Sie hier.
button_start_over = Neu beginnen
private_only = Um anonym zu bleiben, wird die Umfrage im Privatchat beantwortet: { $link }
stale = Dieser Knopf gilt nicht mehr: beantworten Sie die letzte Frage.
unsupported = Ich verstehe nur Text und Knöpfe.
unsupported_question = Ich verstehe nur Text und Knöpfe. Hier ist die aktuelle Frage.
unsupported_above = Ich verstehe nur Text und Knöpfe: Beantworten Sie die aktuelle Frage weiter oben.
unknown_command = Unbekannter Befehl. /help zeigt die Befehle.
try_again = Bei uns ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.
cancel_confirm = Alle laufenden Antworten löschen? Noch wurde nichts abgeschickt.
cancelled = Ihre laufenden Antworten wurden gelöscht. /start für einen Neubeginn.
cancel_kept = Gut, es geht weiter.
no_back = Sie sind bei der ersten Frage.
submitted = Antworten abgeschickt.
busy = Notiert. Gerade antworten viele Kolleginnen und Kollegen: Ihre nächste Frage folgt in wenigen Sekunden.
help =
    /start — Umfrage beginnen oder fortsetzen
    /back — zur vorigen Frage
    /cancel — laufende Antworten löschen
    /privacy — was gespeichert wird, und wer was sieht
    /help — diese Hilfe
help_admin =
    Für die Organisatoren:
    /stats — die Übersicht und ein Diagramm je Frage; /stats NUMMER — eine Frage im Detail, oder alle nach einer Aufschlüsselungsfrage aufgeschlüsselt (z. B. /stats 3, /stats { $breakdown })
    /report [FRAGE] [SPRACHE] — der PDF-Bericht (z. B. /report { $breakdown } nl)
    /export [csv|json|xlsx] [codes] [SPRACHE] — die Zahlen als Dateien, nie eine Zeile pro Person: eine CSV, die sich in Excel öffnet, mit Beschriftungen, oder mit Codes bei „codes“; JSON; eine Arbeitsmappe (z. B. /export xlsx fr, /export csv codes)
    /close — die Umfrage schließen (nach Bestätigung)
    /open [DATUM [UHRZEIT]] — wieder öffnen, bis zum geltenden Datum oder einem neuen (z. B. /open { $date } 17:00, /open +14)
help_admin_server = Einzelne Antworten (eine Zeile pro Person) werden nicht über Telegram gesendet: Der Eigentümer der Daten exportiert sie auf dem Server, mit survey-bot export.
help_admin_raw = /export raw [csv|json|xlsx] [codes] [SPRACHE] — die einzelnen Antworten (eine Zeile pro Person), für Sie als Eigentümer der Daten: .age-Dateien, verschlüsselt für den eingestellten Schlüssel. Auf Ihrem Computer: age -d -i key.txt DATEI.age > DATEI
privacy_stored =
    Gespeichert wird: Ihre Antworten unter einem Zufallsschlüssel; der Tag des Absendens und die Dauer, auf die Minute gerundet.
    Nicht gespeichert: Ihr Name, Ihre Telegram-ID oder Ihr Benutzername, Ihre Nachrichten, die Uhrzeit Ihrer Antworten.
    Nichts in den Dateien des Bots verbindet Sie mit Ihren Antworten, auch nicht, während Sie antworten: Nur der Arbeitsspeicher des Bots weiß, welche Antworten Ihre sind, und nach einem Neustart sagt es ihm Ihr nächstes Tippen auf einen Knopf Ihrer letzten Frage wieder. Beim Absenden erhalten Ihre Antworten einen neuen Zufallsschlüssel.
    Gespeichert bleibt, dass Sie teilgenommen haben, als geschlüsselter, nicht umkehrbarer Fingerabdruck Ihrer ID, damit jede Person nur einmal antwortet; er wird nur zusammen mit denen anderer geschrieben, die um dieselbe Zeit abgesendet haben, sodass selbst wer die Dateien des Bots zu jedem Zeitpunkt besitzt, nicht erkennen kann, welche Antworten Ihre sind.
privacy_admins = Was die Verantwortlichen sehen (die Administratoren des Bots, in Telegram): nur Gesamtzahlen (/stats, der PDF-Bericht, Zahlentabellen), nie die Antworten einer Person zusammen. Keine Zahl beruht auf weniger als { $group } Personen: Eine Gruppe oder eine Frage, die weniger als { $group } Personen beantwortet haben, wird nicht gezeigt.
privacy_admins_no_texts = Von den geschriebenen Antworten sehen sie nur die Anzahl, nie die Texte.
privacy_admins_texts = Geschriebene Antworten: Sie sehen die Texte selbst, alphabetisch geordnet und ohne etwas daneben, bei einer Frage, die mindestens { $group } Personen beantwortet haben; sonst nur ihre Anzahl.
privacy_owner_server = Was der Eigentümer der Daten sieht (wer den Server betreibt, auf dem die Datenbank liegt): jede abgeschickte Antwort einzeln, nur auf diesem Server, ohne je zu erfahren, von wem sie ist. Einzelne Antworten gehen nie über Telegram.
privacy_owner_telegram = Was der Eigentümer der Daten sieht (wer den Server betreibt, auf dem die Datenbank liegt): jede abgeschickte Antwort einzeln, ohne je zu erfahren, von wem sie ist: auf diesem Server, oder in Dateien, die der Bot den Eigentümern schickt, die seine Konfiguration nennt, verschlüsselt für einen Schlüssel, den nur sie besitzen, sodass Telegram und ihre Telefone nur die verschlüsselte Datei aufbewahren.
privacy_telegram = Was Telegram sieht: Es befördert jede Nachricht, sieht also, wer dem Bot schreibt und was gesendet wird, wie in jedem Chat, und bewahrt diesen Chat auf seinen Servern auf, bis er gelöscht wird. Die Zahlen für die Verantwortlichen gehen ebenfalls darüber.
privacy_memory = Was der Bot im Arbeitsspeicher hält, solange er läuft: welche laufenden Antworten Ihre sind und wo Ihre aktuelle Frage angezeigt wird, und die Nachrichten, die noch zu senden sind und Ihre Antworten wiederholen können (die Übersicht vor dem Absenden tut das). Sie werden nach dem Senden vergessen, und alles ist weg, wenn der Bot anhält. Die Dateien für die Verantwortlichen entstehen im Arbeitsspeicher und werden nie auf seine Festplatte geschrieben.
privacy_retention = Wie lange: { $days ->
    [0] Die einzelnen Antworten werden endgültig gelöscht, sobald die Umfrage schließt
    [one] Die einzelnen Antworten werden einen Tag nach der Schließung der Umfrage endgültig gelöscht
   *[other] Die einzelnen Antworten werden { $days } Tage nach der Schließung der Umfrage endgültig gelöscht
}, mit Ihren unvollständigen Antworten und dem Vermerk, dass Sie geantwortet haben; nur die Zahlen, die die Verantwortlichen sehen konnten, werden aufbewahrt.
admin_only = Dieser Befehl ist den Verantwortlichen der Umfrage vorbehalten.
bot_description = { $title }. Dieser Bot stellt die Fragen der Umfrage, eine nach der anderen. Ihre Antworten sind anonym: Sie werden unter einem zufälligen Token gespeichert, nie mit Ihrem Namen oder Ihrer Telegram-ID (/privacy). Tippen Sie auf Starten, um zu beginnen.
bot_short_description = { $title } · anonyme Umfrage
cmd_start = Umfrage beginnen oder fortsetzen
cmd_back = Zurück zur vorigen Frage
cmd_cancel = Meine laufenden Antworten löschen
cmd_help = Hilfe
cmd_privacy = Was gespeichert wird, wer was sieht
cmd_stats = Zahlen (Verantwortliche)
cmd_close = Umfrage schließen (Verantwortliche)
cmd_open = Umfrage wieder öffnen (Verantwortliche)
cmd_export = Zahlen exportieren (Verantwortliche)
admin_close_confirm = Die Umfrage jetzt schließen? Danach kann niemand mehr antworten.
admin_close_yes = Ja, schließen
admin_close_no = Nein
admin_closed = Umfrage geschlossen.
admin_close_kept = Die Umfrage bleibt offen.
admin_already_closed = Die Umfrage ist bereits geschlossen.
admin_reopened = Umfrage wieder geöffnet, ohne Enddatum.
admin_reopened_until = Umfrage wieder geöffnet bis { $date }.
admin_bad_date = Datum nicht verstanden. Zum Beispiel: /open { $example }, /open { $example } 17:00, /open morgen oder /open +14 (in 14 Tagen).
admin_past_date = Dieses Datum ist bereits vorbei.
admin_caption_report =
    { $count ->
        [one] Bericht über { $count } Antwort, Stand { $date }
       *[other] Bericht über { $count } Antworten, Stand { $date }
    }
admin_caption_figures =
    { $count ->
        [one] Zahlen über { $count } Antwort, Stand { $date }
       *[other] Zahlen über { $count } Antworten, Stand { $date }
    }
admin_caption_raw =
    { $count ->
        [one] { $count } einzelne Antwort, Stand { $date }, verschlüsselt für den Schlüssel des Eigentümers der Daten. Auf Ihrem Computer: age -d -i key.txt { $file } > { $plain }
       *[other] { $count } einzelne Antworten, Stand { $date }, verschlüsselt für den Schlüssel des Eigentümers der Daten. Auf Ihrem Computer: age -d -i key.txt { $file } > { $plain }
    }
admin_open_needs_date = Das Enddatum ({ $date }) ist vorbei: Wählen Sie unten ein neues oder tippen Sie es, z. B. /open { $example } oder /open { $example } 17:00
admin_closing_notice = Die Umfrage ist geschlossen.
admin_not_breakdown = { $question } ist keine Aufschlüsselungsfrage. Möglich: { $choices }
admin_export_format = Formate: csv, json, xlsx; „codes“ für eine CSV mit Codes statt Beschriftungen.
admin_export_raw_refused = Einzelne Antworten (eine Zeile pro Person) werden den Verantwortlichen nicht geschickt: Der Eigentümer der Daten exportiert sie auf dem Server (survey-bot export) oder erhält sie verschlüsselt, wenn die Konfiguration ihn nennt. /export gibt Ihnen die Zahlen.
admin_export_raw_purged = Die einzelnen Antworten wurden am { $date } gelöscht: Nur die Zahlen sind aufbewahrt (/export).
admin_purged = Die einzelnen Antworten wurden am { $date } gelöscht (Speicherbegrenzung): Dies sind die aufbewahrten Zahlen, wie sie bei der Schließung gezeigt wurden.
admin_open_purged = Die einzelnen Antworten dieser Umfrage wurden am { $date } gelöscht: Sie kann nicht wieder geöffnet werden.
stats_overview = Begonnen { $started } · laufend { $in_progress } · abgeschickt { $submitted }
stats_rate = Abschlussquote { $rate } · mittlere Dauer { $minutes } Min.
stats_per_day = Pro Tag: { $days }
stats_complete =
    { $count ->
        [one] Zahlen über die { $count } abgeschickte Antwort.
       *[other] Zahlen über alle { $count } abgeschickten Antworten.
    }
stats_batched =
    { $submitted ->
        [one] { $submitted } Antwort abgeschickt
       *[other] { $submitted } Antworten abgeschickt
    }; die Zahlen beruhen auf { $count } (in Gruppen von { $group } freigegeben, damit niemand erkennbar ist).
stats_skipped =
    { $count ->
        [one] { $count } hat die Frage übersprungen
       *[other] { $count } haben die Frage übersprungen
    }
stats_texts =
    { $count ->
        [one] { $count } geschriebene Antwort
       *[other] { $count } geschriebene Antworten
    }
stats_other_texts = „Andere“-Texte: { $count }
stats_mean = Mittelwert { $mean }, Median { $median }
stats_unscored = { $count } ohne Wert (zu wenige Antworten)
stats_band = ≤ { $max } { $label }
stats_median = Median { $median }
stats_dates = von { $first } bis { $last }
stats_breakdown = Aufschlüsselung nach { $question }
stats_hidden =
    { $count ->
        [one] { $count } Antwort in Gruppen unter { $group } wird nicht gezeigt.
       *[other] { $count } Antworten in Gruppen unter { $group } werden nicht gezeigt.
    }
stats_no_group_yet = Noch keine Gruppe hat { $group } Antworten.
stats_too_few = weniger als { $group } Personen haben geantwortet: nicht gezeigt
stats_group_other = andere Gruppen (zusammengelegt)
stats_group_none = keine Antwort
cmd_report = PDF-Bericht (Verantwortliche)
report_subtitle = Ergebnisbericht
report_generated = Erstellt am { $date }
report_first_day = Erste Antworten: { $date }
report_last_day = Letzte Antworten: { $date }
report_deadline = Geplanter Schluss: { $date }
report_closed = Geschlossen am { $date }
report_no_deadline = Ohne Enddatum
report_submitted = Abgeschickte Antworten
report_in_progress = Laufend
report_completion = Abschlussquote
report_median_time = Mittlere Dauer
report_minutes = { $minutes } Min.
report_per_day = Abgeschickte Antworten pro Tag
report_multiple_note = Mehrere Antworten möglich: Anteil der Befragten, die jede Möglichkeit angekreuzt haben; die Prozente ergeben zusammen mehr als 100.
report_no_answers = Noch keine Antworten.
report_texts_not_shown = Die Texte selbst sind nicht in diesem Bericht enthalten.
report_texts_too_few = Weniger als { $group } Personen haben geantwortet: ihre Texte werden nicht wiedergegeben.
report_other_texts = Angaben zu „{ $option }“:
report_page = Seite { $page }/{ $pages }
xlsx_responses = Antworten
xlsx_figures = Zahlen
xlsx_free_texts = Freie Texte
xlsx_response = Antwort Nr.
xlsx_language = Sprache
xlsx_day = Tag des Absendens
xlsx_duration = Dauer (Minuten)
xlsx_text = Text
xlsx_question = Frage
xlsx_answered = Beantwortet
xlsx_skipped = Übersprungen
xlsx_mean = Mittelwert
xlsx_median = Median
xlsx_texts = Geschriebene Texte
xlsx_answer = Antwort
xlsx_count = Anzahl
xlsx_share = Anteil
xlsx_day_short = Tag
xlsx_started = Begonnen
admin_private_only = Die Befehle der Organisatoren funktionieren nur im privaten Chat mit dem Bot: schreiben Sie ihm direkt.
admin_unknown_question = Keine Frage „{ $question }“: geben Sie ihre Nummer an, von 1 bis { $count }.
stats_nothing_yet = Noch keine Antworten.
stats_queue =
    Versandwarteschlange: { $queued ->
        [one] { $queued } Nachricht wartet
       *[other] { $queued } Nachrichten warten
    } · aktuelle Wartezeit { $wait } s
stats_paid =
    Bezahlte Nachrichten: { $count ->
        [one] { $count } Nachricht
       *[other] { $count } Nachrichten
    } · { $stars } Stars
stats_paid_budget = Budget: { $hour } von { $per_hour } bezahlten Nachrichten in dieser Stunde · { $total } von { $max_total } insgesamt ({ $stars } von { $max_stars } Stars)
stats_paid_hour_spent = Das Budget dieser Stunde ist aufgebraucht: Antworten warten auf einen kostenlosen Platz; es füllt sich in { $minutes } min wieder auf.
stats_paid_total_spent = Das gesamte Budget ist aufgebraucht: Antworten warten ab jetzt auf einen kostenlosen Platz (telegram.paid_broadcast_max_total erhöht es).
stats_hint_detail = Eine Frage im Detail: /stats und ihre Nummer (z. B. /stats { $example }).
stats_hint_breakdown = Alles nach Frage { $numbers } aufgeschlüsselt: /stats { $example }.

## The respondent flow: changing an answer from the recap, edits, the sent recap
button_change = ✏️ Eine Antwort ändern
button_to_recap = ↩ Zurück zur Übersicht
review_sent = ✅ Gesendet. Ihre Antworten:
deadline_none = ohne Enddatum
edit_not_taken = Ihre Änderung wurde nicht übernommen: Diese Frage ist schon beantwortet. Um eine Antwort zu ändern, nutzen Sie „✏️ Eine Antwort ändern“ in der Übersicht oder /back.
error_tick_none =
    { $count ->
        [one] Kreuzen Sie mindestens eine Möglichkeit an und bestätigen Sie.
       *[other] Kreuzen Sie mindestens { $count } Möglichkeiten an und bestätigen Sie.
    }
already_sent = Ihre Antworten sind schon gesendet. Danke!
button_clear = 🧹 Diese Unterhaltung löschen
button_share = 📣 Umfrage teilen
clearing = Diese Unterhaltung wird gelöscht, Ihre Nachrichten und die des Bots. Nachrichten älter als 48 Stunden kann der Bot nicht löschen: löschen Sie diese selbst (Verlauf leeren im Menü dieses Chats).
closed_unsent = Diese Umfrage wurde am { $date } geschlossen. Ihre Antworten waren nicht gesendet: Sie werden nicht gezählt.
closed_unsent_now = Diese Umfrage ist geschlossen. Ihre Antworten waren nicht gesendet: Sie werden nicht gezählt.
stale_typed = Jetzt ist nichts zu tippen: Prüfen Sie Ihre Antworten und senden Sie sie ab (oder ✏️ ändern Sie eine).
surveys_menu = An welcher Umfrage möchten Sie teilnehmen?
surveys_other_open = Diese Umfragen sind offen:
cmd_surveys = Ihre Umfragen: Stand, Zahlen, Links (Verantwortliche)
cmd_reload = Die Konfiguration neu lesen: neue Umfragen werden geöffnet (Verantwortliche aller Umfragen)
admin_survey = { $title } ({ $id })
admin_close_confirm_named = Die Umfrage { $title } ({ $id }) jetzt schließen? Danach kann niemand mehr darauf antworten.
admin_closing_notice_named = Die Umfrage { $title } ({ $id }) ist geschlossen.
admin_unknown_survey = Keine Umfrage „{ $survey }“ unter Ihren. Ihre: { $surveys }
admin_pick = Welche Umfrage?
admin_pick_typed = Welche Umfrage? Geben Sie zuerst ihre Kennung an, z. B. /{ $command } ID …, mit ID aus: { $surveys }
help_admin_surveys = /surveys — Ihre Umfragen: offen oder geschlossen, ihre Zahlen und Links. Bei mehreren Umfragen geben Sie zuerst die Kennung der Umfrage an (z. B. /stats { $example }, /close { $example }); ohne sie wählen Sie mit einer Schaltfläche je Umfrage.
help_admin_reload = /reload — die Konfiguration neu lesen, nachdem eine Umfrage hinzugefügt wurde (zuerst survey-bot check ausführen): neue Umfragen werden geöffnet, die anderen laufen weiter wie bisher.
admin_reload_global_only = Nur die Verantwortlichen aller Umfragen (die globalen Admins der Konfiguration) dürfen sie neu laden.
admin_reload_invalid = Die Konfiguration wurde nicht neu geladen: Die Umfragen laufen weiter wie bisher. survey-bot check meldet:
admin_reload_cannot_open = Die Konfiguration wurde nicht neu geladen: Eine neue Umfrage kann nicht geöffnet werden. Die Umfragen laufen weiter wie bisher.
admin_reload_one_survey = Der Bot führt eine einzige Umfrage: Seine Links und Schaltflächen nennen keine Umfrage, daher verlangt das Hinzufügen weiterer einen Neustart. Nichts wurde geändert.
admin_reload_no_config = Die Einstellungen stammen aus keiner Konfigurationsdatei: Es gibt nichts neu zu laden.
admin_reloaded = Konfiguration neu geladen.
admin_reload_added = Geöffnet: { $survey } — { $link }
admin_reload_kept = Laufen weiter wie bisher: { $surveys }
admin_reload_removed = Nicht mehr in der Konfiguration, noch offen bis zum nächsten Neustart: { $surveys }
admin_reload_changed = In der Konfiguration geändert, gilt ab dem nächsten Neustart (ihre Admins schon jetzt): { $surveys }
surveys_open = Offen, ohne Enddatum
surveys_open_until = Offen bis { $date }
surveys_grace = In der Nachfrist: Wer begonnen hat, kann bis { $date } abschließen
surveys_closed = Geschlossen seit { $date }
surveys_counts = Abgeschickt { $submitted } · in Bearbeitung { $in_progress }
surveys_link = Link: { $link }

## The figures in plain words
stats_answered =
    { $count ->
        [one] { $count } Person hat geantwortet
       *[other] { $count } Personen haben geantwortet
    }
stats_scored =
    { $count ->
        [one] { $count } Antwort mit Wert
       *[other] { $count } Antworten mit Wert
    }
stats_several = mehrere Antworten möglich: die Prozente ergeben zusammen mehr als 100
stats_next = Die nächsten Zahlen kommen bei { $next } abgeschickten Antworten.
stats_facts = { $who }; { $rest }
admin_closing_figures = Ihre Zahlen beim Schließen am { $date } (sie ändern sich, wenn sie mit /open wieder geöffnet wird):
report_included = In den Zahlen
xlsx_codebook = Codebuch
xlsx_column = Spalte
xlsx_question_id = Id der Frage
xlsx_option_id = Id der Möglichkeit
report_nothing_yet = Noch nichts zu berichten: noch keine Antwort ist in den Zahlen.
## Members: the thanks in the grace period; what joins a label and its value
thanks_grace = Die Umfrage ist seit dem { $date } für neue Teilnehmende geschlossen; wer begonnen hatte, kann noch abschließen.
colon = { ": " }
## Wellen: eine Umfrage neben der früheren Welle, auf die sie folgt
waves_heading = Verglichen mit der früheren Welle: { $title } ({ $id })
waves_responses = Antworten: frühere Welle { $earlier } · diese Welle { $later }
waves_legend = Jede Zahl: frühere Welle → diese Welle (Veränderung).
waves_answered = Personen, die geantwortet haben: { $earlier } → { $later }
waves_share = { $label }: { $earlier } → { $later } ({ $change } Prozentpunkte)
waves_mean = Mittelwert { $earlier } → { $later } ({ $change })
waves_median = Median { $earlier } → { $later } ({ $change })
waves_earlier = frühere Welle: { $figures }
waves_later = diese Welle: { $figures }
waves_no_change = keine Veränderung gezeigt: zu wenige Personen haben in einer der Wellen geantwortet
waves_differs_type = anderer Fragetyp: nicht verglichen
waves_differs_options = andere Optionen: nicht verglichen
waves_differs_scale = andere Skala: nicht verglichen
waves_differs_dates = Daten: nicht verglichen
waves_differs_texts = freie Texte: nicht verglichen
waves_new = neu in dieser Welle
waves_gone = nur in der früheren Welle
waves_gone_heading = Fragen nur der früheren Welle:
waves_withheld = Diese Umfrage folgt auf eine frühere Welle: der Vergleich wird nur den Verantwortlichen beider Umfragen gezeigt.
xlsx_waves = Wellen
xlsx_earlier = Frühere Welle
xlsx_later = Diese Welle
xlsx_change = Veränderung
xlsx_status = Vergleich
xlsx_earlier_answered = Frühere Welle: geantwortet
xlsx_later_answered = Diese Welle: geantwortet
admin_stats_one_at_a_time = Eine Frage oder eine Aufschlüsselung auf einmal: /stats { $first } (ohne „{ $rest }“). Zwei Aufschlüsselungen zu kreuzen ergäbe Gruppen, die zu klein sind, um sie zu zeigen.
stats_no_split_yet = Noch keine Aufschlüsselung nach dieser Frage: keine ihrer Gruppen kann für sich gezeigt werden (nötig sind { $group } Antworten je Gruppe, und keine Gruppe darf sich aus den anderen ergeben). Zusammen wären sie die ganze Umfrage: /stats zeigt sie.
tomorrow_words = morgen
admin_open_in_weeks = { $weeks ->
    [one] +1 Woche
   *[other] +{ $weeks } Wochen
 } ({ $date })
admin_open_other_date = Anderes Datum
admin_open_type_date = Tippen Sie das Enddatum, z. B. /open { $example }, /open { $example } 17:00, /open morgen oder /open +14 (in 14 Tagen).
admin_start = Sie organisieren diese Umfrage. Alle Ihre Befehle: /help
admin_start_stats = 📊 Zahlen
admin_start_report = 📄 PDF-Bericht
admin_start_export = 📥 Zahlen exportieren
admin_start_close = 🔒 Schließen
admin_start_open = 🔓 Wieder öffnen
admin_start_take = ✏️ An der Umfrage teilnehmen
