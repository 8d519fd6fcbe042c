# Français: every sentence the bot itself writes (the survey's own texts are in its file).
# { $name } is filled in by the bot: keep it, anywhere in the sentence.
# A test checks that every language file has the same messages and placeables.

## This language

# The Babel locale (language_REGION) that formats numbers and dates.
language_locale = fr_BE
# The language's own name, on the language buttons.
language_name = Français
# Typed answers taken as yes and as no (any case), separated by commas.
yes_words = oui, o, 1
no_words = non, n, 0

## Sentences

error_empty = Votre réponse est vide. Écrivez quelques mots, s'il vous plaît.
error_too_long = Votre réponse est trop longue : { $limit } caractères au maximum.
error_required = Cette question est obligatoire : elle ne peut pas être passée.
error_yes_no = Répondez par « oui » ou « non », ou utilisez les boutons.
error_type_answer = Tapez votre réponse dans le chat.
error_choose_option = Choisissez une des propositions (bouton ou numéro).
error_scale = Choisissez une note de { $low } à { $high }.
error_scale_step = Choisissez une note de { $low } à { $high }, par pas de { $step }.
error_pick_exactly =
    { $count ->
        [one] Choisissez exactement { $count } proposition.
       *[other] Choisissez exactement { $count } propositions.
    }
error_pick_between = Choisissez entre { $low } et { $high } propositions.
error_exclusive = « { $option } » se choisit seul : décochez-le, ou décochez les autres réponses.
error_number = Tapez un nombre entier, par exemple 12.
error_number_between = Tapez un nombre entier entre { $low } et { $high }.
error_number_min = Tapez un nombre entier d'au moins { $low }.
error_number_max = Tapez un nombre entier de { $high } au plus.
error_decimal = Tapez un nombre, par exemple 12,5.
error_decimal_between = Tapez un nombre entre { $low } et { $high }.
error_decimal_min = Tapez un nombre d'au moins { $low }.
error_decimal_max = Tapez un nombre de { $high } au plus.
error_decimal_places =
    { $places ->
        [one] Donnez au plus { $places } chiffre après la virgule.
       *[other] Donnez au plus { $places } chiffres après la virgule.
    }
error_date = Tapez une date, le jour d'abord, par exemple 11/02/2020.
error_date_between = Tapez une date entre le { $low } et le { $high }.
error_date_min = Tapez une date à partir du { $low }.
error_date_max = Tapez une date jusqu'au { $high } au plus tard.
error_pattern = Votre réponse n'a pas la forme attendue.
yes = Oui
no = Non
skipped = (passée)
progress = Question { $position } · { $bar } { $percent }
progress_section = { $section } · question { $position } · { $bar } { $percent }
hint_type_number = Tapez un nombre.
hint_type_text = Tapez votre réponse ({ $limit } caractères au maximum).
hint_type_decimal = Tapez un nombre, par exemple 12,5.
hint_type_date = Tapez une date, par exemple 11/02/2020.
hint_typing_date = [jj/mm/aaaa]
hint_type_answer = Tapez votre réponse.
hint_pick_many = Cochez vos choix puis confirmez.
ask_other = Vous avez choisi « { $option } » : précisez en quelques mots.
button_back = ◀ Retour
button_skip = Passer ▶
button_confirm = Confirmer ✔
button_submit = Envoyer mes réponses ✔
button_cancel_yes = Oui, tout effacer
button_cancel_no = Non, continuer
review = Vos réponses :
review_hint = Vérifiez puis envoyez. Après l'envoi, les réponses ne peuvent plus être modifiées. ✏️ pour changer une réponse, ◀ pour revenir à la dernière question.
anonymity = Vos réponses sont anonymes : elles sont enregistrées sous un jeton aléatoire, jamais avec votre nom ni votre identifiant Telegram (détails : /privacy).
deadline = L'enquête se clôture le { $date }.
choose_language = Choisissez votre langue :
resume = Vous aviez commencé : on reprend où vous vous étiez arrêté.
already_done = Vous avez déjà participé à cette enquête. Merci !
closed = Cette enquête est clôturée depuis le { $date }. Merci de votre intérêt.
closed_now = Cette enquête est clôturée. Merci de votre intérêt.
not_started = Vous n'avez pas encore commencé : envoyez /start.
resume_by_button = Le bot a redémarré, et il ne garde rien qui dise quelles réponses sont les vôtres. Pour continuer, touchez un bouton de votre dernière question ; ou recommencez.
resume_or_start = Le bot a redémarré : si vous aviez commencé, touchez un bouton de votre dernière question pour reprendre où vous en étiez. Sinon, commencez ici.
button_start_over = Recommencer
private_only = Pour rester anonyme, l'enquête se remplit en conversation privée : { $link }
stale = Ce bouton n'est plus valable : répondez à la dernière question.
unsupported = Je ne comprends que le texte et les boutons.
unsupported_question = Je ne comprends que le texte et les boutons. Voici la question en cours.
unsupported_above = Je ne comprends que le texte et les boutons : répondez à la question en cours, plus haut.
unknown_command = Commande inconnue. /help affiche les commandes.
try_again = Un problème est survenu de notre côté. Réessayez dans un instant.
cancel_confirm = Effacer toutes vos réponses en cours ? Rien n'aura été envoyé.
cancelled = Vos réponses en cours ont été effacées. /start pour recommencer.
cancel_kept = D'accord, on continue.
no_back = Vous êtes à la première question.
submitted = Réponses envoyées.
busy = C'est noté. Beaucoup de collègues répondent en ce moment : votre prochaine question suit dans quelques secondes.
help =
    /start — commencer ou reprendre l'enquête
    /back — revenir à la question précédente
    /cancel — effacer vos réponses en cours
    /privacy — ce qui est enregistré, et qui voit quoi
    /help — cette aide
help_admin =
    Pour les organisateurs :
    /stats — l'aperçu et un graphique par question ; /stats NUMÉRO — une question en détail, ou toutes ventilées par une question de ventilation (ex. /stats 3, /stats { $breakdown })
    /report [QUESTION] [LANGUE] — le rapport PDF (ex. /report { $breakdown } nl)
    /export [csv|json|xlsx] [codes] [LANGUE] — les chiffres en fichiers, jamais une ligne par personne : un CSV qui s'ouvre dans Excel, avec les libellés, ou les codes avec « codes » ; du JSON ; un classeur (ex. /export xlsx fr, /export csv codes)
    /close — clôturer l'enquête (après confirmation)
    /open [DATE [HEURE]] — la rouvrir, jusqu'à la date en vigueur ou une nouvelle (ex. /open { $date } 17:00, /open +14)
help_admin_server = Les réponses individuelles (une ligne par personne) ne sont pas envoyées dans Telegram : le propriétaire des données les exporte sur le serveur, avec survey-bot export.
help_admin_raw = /export raw [csv|json|xlsx] [codes] [LANGUE] — les réponses individuelles (une ligne par personne), pour vous, propriétaire des données : des fichiers .age, chiffrés pour la clé configurée. Sur votre ordinateur : age -d -i key.txt FICHIER.age > FICHIER
privacy_stored =
    Ce qui est enregistré : vos réponses, sous un jeton aléatoire ; le jour de l'envoi et la durée arrondie à la minute.
    Ce qui ne l'est pas : votre nom, votre identifiant ou pseudo Telegram, vos messages, l'heure de vos réponses.
    Rien dans les fichiers du bot ne vous relie à vos réponses, même pendant que vous répondez : seule la mémoire du bot sait quelles réponses sont les vôtres, et après un redémarrage, votre prochain appui sur un bouton de votre dernière question le lui redit. À l'envoi, vos réponses reçoivent un nouveau jeton.
    Il reste le fait que vous avez participé, sous une empreinte à clé (non réversible) de votre identifiant, pour n'accepter qu'une réponse par personne ; elle n'est écrite qu'avec celles d'autres personnes qui ont envoyé vers le même moment, pour que même qui détient les fichiers du bot à tout moment ne puisse savoir quelles réponses sont les vôtres.
privacy_admins = Ce que voient les responsables (les administrateurs du bot, dans Telegram) : des chiffres globaux seulement (/stats, le rapport PDF, des tableaux de chiffres), jamais les réponses d'une personne ensemble. Aucun chiffre ne repose sur moins de { $group } personnes : un groupe, ou une question à laquelle moins de { $group } personnes ont répondu, n'est pas montré.
privacy_admins_no_texts = Des réponses écrites, ils ne voient que le nombre, jamais les textes.
privacy_admins_texts = Réponses écrites : ils voient les textes eux-mêmes, par ordre alphabétique et sans rien à côté, pour une question à laquelle au moins { $group } personnes ont répondu ; sinon seulement leur nombre.
privacy_owner_server = Ce que voit le propriétaire des données (qui gère le serveur où se trouve la base de données) : chaque réponse envoyée, une à une, sur ce serveur seulement, sans jamais savoir de qui elle est. Les réponses individuelles ne passent jamais par Telegram.
privacy_owner_telegram = Ce que voit le propriétaire des données (qui gère le serveur où se trouve la base de données) : chaque réponse envoyée, une à une, sans jamais savoir de qui elle est : sur ce serveur, ou dans des fichiers que le bot envoie aux propriétaires que sa configuration nomme, chiffrés pour une clé qu'eux seuls détiennent, si bien que Telegram et leurs téléphones ne gardent que le fichier chiffré.
privacy_telegram = Ce que voit Telegram : il transporte chaque message ; il voit donc qui écrit au bot et ce qui est envoyé, comme dans toute conversation, et garde cette conversation sur ses serveurs jusqu'à ce qu'elle soit supprimée. Les chiffres envoyés aux responsables passent aussi par lui.
privacy_memory = Ce que garde la mémoire du bot pendant qu'il tourne : quelles réponses en cours sont les vôtres et où votre question en cours est affichée, et les messages en attente d'envoi, qui peuvent reprendre vos réponses (le récapitulatif avant l'envoi le fait). Ils sont oubliés une fois envoyés, et tout disparaît quand le bot s'arrête. Les fichiers qu'il prépare pour les responsables sont faits en mémoire, jamais écrits sur son disque.
privacy_retention = Combien de temps : { $days ->
    [0] les réponses individuelles sont supprimées définitivement à la clôture de l'enquête
    [one] les réponses individuelles sont supprimées définitivement un jour après la clôture de l'enquête
   *[other] les réponses individuelles sont supprimées définitivement { $days } jours après la clôture de l'enquête
}, avec vos réponses inachevées et la trace que vous avez répondu ; seuls les chiffres que les responsables pouvaient voir sont conservés.
admin_only = Cette commande est réservée aux responsables de l'enquête.
bot_description = { $title }. Ce bot pose les questions de l'enquête, une à la fois. Vos réponses sont anonymes : elles sont enregistrées sous un jeton aléatoire, jamais avec votre nom ni votre identifiant Telegram (/privacy). Appuyez sur Démarrer pour commencer.
bot_short_description = { $title } · enquête anonyme
cmd_start = Commencer ou reprendre l'enquête
cmd_back = Revenir à la question précédente
cmd_cancel = Effacer mes réponses en cours
cmd_help = Aide
cmd_privacy = Ce qui est enregistré, qui voit quoi
cmd_stats = Chiffres (responsables)
cmd_close = Clôturer l'enquête (responsables)
cmd_open = Rouvrir l'enquête (responsables)
cmd_export = Exporter les chiffres (responsables)
admin_close_confirm = Clôturer l'enquête maintenant ? Plus personne ne pourra répondre.
admin_close_yes = Oui, clôturer
admin_close_no = Non
admin_closed = Enquête clôturée.
admin_close_kept = L'enquête reste ouverte.
admin_already_closed = L'enquête est déjà clôturée.
admin_reopened = Enquête rouverte, sans date de clôture.
admin_reopened_until = Enquête rouverte jusqu'au { $date }.
admin_bad_date = Date non comprise. Par exemple : /open { $example }, /open { $example } 17:00, /open demain ou /open +14 (dans 14 jours).
admin_past_date = Cette date est déjà passée.
admin_caption_report =
    { $count ->
        [one] Rapport sur { $count } réponse, au { $date }
       *[other] Rapport sur { $count } réponses, au { $date }
    }
admin_caption_figures =
    { $count ->
        [one] Chiffres sur { $count } réponse, au { $date }
       *[other] Chiffres sur { $count } réponses, au { $date }
    }
admin_caption_raw =
    { $count ->
        [one] { $count } réponse individuelle, au { $date }, chiffrée pour la clé du propriétaire des données. Sur votre ordinateur : age -d -i key.txt { $file } > { $plain }
       *[other] { $count } réponses individuelles, au { $date }, chiffrées pour la clé du propriétaire des données. Sur votre ordinateur : age -d -i key.txt { $file } > { $plain }
    }
admin_open_needs_date = La date de clôture ({ $date }) est passée : choisissez-en une nouvelle ci-dessous, ou tapez-la, par exemple /open { $example } ou /open { $example } 17:00
admin_closing_notice = L'enquête est clôturée.
admin_not_breakdown = { $question } n'est pas une question de ventilation. Possibles : { $choices }
admin_export_format = Formats : csv, json, xlsx ; « codes » pour un CSV de codes plutôt que de libellés.
admin_export_raw_refused = Les réponses individuelles (une ligne par personne) ne sont pas envoyées aux responsables : le propriétaire des données les exporte sur le serveur (survey-bot export), ou les reçoit chiffrées si la configuration le nomme. /export vous donne les chiffres.
admin_export_raw_purged = Les réponses individuelles ont été supprimées le { $date } : seuls les chiffres sont conservés (/export).
admin_purged = Les réponses individuelles ont été supprimées le { $date } (limitation de la conservation) : voici les chiffres conservés, tels qu'ils étaient montrés à la clôture.
admin_open_purged = Les réponses individuelles de cette enquête ont été supprimées le { $date } : elle ne peut plus être rouverte.
stats_overview = Commencées { $started } · en cours { $in_progress } · envoyées { $submitted }
stats_rate = Taux d'achèvement { $rate } · durée médiane { $minutes } min
stats_per_day = Par jour : { $days }
stats_complete =
    { $count ->
        [one] Chiffres sur { $count } réponse envoyée.
       *[other] Chiffres sur les { $count } réponses envoyées.
    }
stats_batched =
    { $submitted ->
        [one] { $submitted } réponse envoyée
       *[other] { $submitted } réponses envoyées
    } ; les chiffres portent sur { $count } (publiées par groupes de { $group } pour que personne ne soit reconnaissable).
stats_skipped =
    { $count ->
        [one] { $count } a passé la question
       *[other] { $count } ont passé la question
    }
stats_texts =
    { $count ->
        [one] { $count } réponse écrite
       *[other] { $count } réponses écrites
    }
stats_other_texts = textes « autre » : { $count }
stats_mean = moyenne { $mean }, médiane { $median }
stats_unscored = { $count } sans score (trop peu de réponses)
stats_band = ≤ { $max } { $label }
stats_median = médiane { $median }
stats_dates = de { $first } à { $last }
stats_breakdown = Ventilation par { $question }
stats_hidden =
    { $count ->
        [one] { $count } réponse dans des groupes de moins de { $group } n'est pas montrée.
       *[other] { $count } réponses dans des groupes de moins de { $group } ne sont pas montrées.
    }
stats_no_group_yet = Aucun groupe n'a encore { $group } réponses.
stats_too_few = moins de { $group } personnes ont répondu : non montré
stats_group_other = autres groupes (fusionnés)
stats_group_none = sans réponse
cmd_report = Rapport PDF (responsables)
report_subtitle = Rapport des résultats
report_generated = Établi le { $date }
report_first_day = Premières réponses : { $date }
report_last_day = Dernières réponses : { $date }
report_deadline = Clôture prévue : { $date }
report_closed = Clôturée le { $date }
report_no_deadline = Sans date de clôture
report_submitted = Réponses envoyées
report_in_progress = En cours
report_completion = Taux d'achèvement
report_median_time = Durée médiane
report_minutes = { $minutes } min
report_per_day = Réponses envoyées par jour
report_multiple_note = Plusieurs réponses possibles : part des répondants qui ont coché chaque proposition ; les pourcentages dépassent 100 au total.
report_no_answers = Aucune réponse pour l'instant.
report_texts_not_shown = Les textes eux-mêmes ne figurent pas dans ce rapport.
report_texts_too_few = Moins de { $group } personnes ont répondu : leurs textes ne sont pas reproduits.
report_other_texts = Précisions « { $option } » :
report_page = Page { $page }/{ $pages }
xlsx_responses = Réponses
xlsx_figures = Chiffres
xlsx_free_texts = Textes libres
xlsx_response = Réponse n°
xlsx_language = Langue
xlsx_day = Jour d'envoi
xlsx_duration = Durée (minutes)
xlsx_text = texte
xlsx_question = Question
xlsx_answered = Ont répondu
xlsx_skipped = Passée
xlsx_mean = Moyenne
xlsx_median = Médiane
xlsx_texts = Textes écrits
xlsx_answer = Réponse
xlsx_count = Nombre
xlsx_share = Part
xlsx_day_short = Jour
xlsx_started = Commencées
admin_private_only = Les commandes des organisateurs ne fonctionnent qu'en conversation privée avec le bot : écrivez-lui directement.
admin_unknown_question = Pas de question « { $question } » : donnez son numéro, de 1 à { $count }.
stats_nothing_yet = Pas encore de réponse.
stats_queue =
    File d'envoi : { $queued ->
        [one] { $queued } message en attente
       *[other] { $queued } messages en attente
    } · attente actuelle { $wait } s
stats_paid =
    Envois payants : { $count ->
        [one] { $count } message
       *[other] { $count } messages
    } · { $stars } Stars
stats_paid_budget = Budget : { $hour } sur { $per_hour } messages payants cette heure · { $total } sur { $max_total } en tout ({ $stars } sur { $max_stars } Stars)
stats_paid_hour_spent = Le budget de cette heure est épuisé : les réponses attendent leur tour gratuit ; il se renouvelle dans { $minutes } min.
stats_paid_total_spent = Le budget total est épuisé : les réponses attendent désormais leur tour gratuit (telegram.paid_broadcast_max_total le relève).
stats_hint_detail = Une question en détail : /stats et son numéro (ex. /stats { $example }).
stats_hint_breakdown = Tout ventilé par la question { $numbers } : /stats { $example }.

## The respondent flow: changing an answer from the recap, edits, the sent recap
button_change = ✏️ Modifier une réponse
button_to_recap = ↩ Retour au récapitulatif
review_sent = ✅ Envoyé. Vos réponses :
deadline_none = sans date de clôture
edit_not_taken = Votre modification n'a pas été prise en compte : cette question a déjà reçu une réponse. Pour changer une réponse, utilisez « ✏️ Modifier une réponse » dans le récapitulatif, ou /back.
error_tick_none =
    { $count ->
        [one] Cochez au moins une proposition, puis confirmez.
       *[other] Cochez au moins { $count } propositions, puis confirmez.
    }
already_sent = Vos réponses sont déjà envoyées. Merci !
button_clear = 🧹 Effacer cette conversation
button_share = 📣 Partager l'enquête
clearing = Effacement de cette conversation, vos messages et ceux du bot. Le bot ne peut effacer les messages de plus de 48 heures : effacez-les vous-même (Vider l'historique dans le menu de ce chat).
closed_unsent = Cette enquête a été clôturée le { $date }. Vos réponses n'avaient pas été envoyées : elles ne sont pas comptées.
closed_unsent_now = Cette enquête est clôturée. Vos réponses n'avaient pas été envoyées : elles ne sont pas comptées.
stale_typed = Rien à taper pour l'instant : vérifiez vos réponses, puis envoyez-les (ou ✏️ modifiez-en une).
surveys_menu = À quelle enquête souhaitez-vous répondre ?
surveys_other_open = Ces enquêtes sont ouvertes :
cmd_surveys = Vos enquêtes : état, chiffres, liens (responsables)
cmd_reload = Relire la configuration : les nouvelles enquêtes s'ouvrent (responsables de toutes les enquêtes)
admin_survey = { $title } ({ $id })
admin_close_confirm_named = Clôturer l'enquête { $title } ({ $id }) maintenant ? Plus personne ne pourra y répondre.
admin_closing_notice_named = L'enquête { $title } ({ $id }) est clôturée.
admin_unknown_survey = Pas d'enquête « { $survey } » parmi les vôtres. Les vôtres : { $surveys }
admin_pick = Quelle enquête ?
admin_pick_typed = Quelle enquête ? Donnez d'abord son identifiant, par exemple /{ $command } ID …, où ID est l'un de : { $surveys }
help_admin_surveys = /surveys — vos enquêtes : ouvertes ou clôturées, leurs chiffres et leurs liens. Avec plusieurs enquêtes, donnez d'abord l'identifiant de l'enquête (par exemple /stats { $example }, /close { $example }) ; sans lui, un bouton par enquête permet de la choisir.
help_admin_reload = /reload — relire la configuration après l'ajout d'une enquête (lancez d'abord survey-bot check) : les nouvelles enquêtes s'ouvrent, les autres continuent comme avant.
admin_reload_global_only = Seuls les responsables de toutes les enquêtes (les admins globaux de la configuration) peuvent la relire.
admin_reload_invalid = La configuration n'a pas été relue : les enquêtes continuent comme avant. survey-bot check dit :
admin_reload_cannot_open = La configuration n'a pas été relue : une nouvelle enquête ne peut pas être ouverte. Les enquêtes continuent comme avant.
admin_reload_one_survey = Le bot mène une seule enquête : ses liens et ses boutons ne nomment aucune enquête, et en ajouter d'autres demande un redémarrage. Rien n'a changé.
admin_reload_no_config = Les réglages ne viennent pas d'un fichier de configuration : il n'y a rien à relire.
admin_reloaded = Configuration relue.
admin_reload_added = Ouverte : { $survey } — { $link }
admin_reload_kept = Continuent comme avant : { $surveys }
admin_reload_removed = Plus dans la configuration, encore ouvertes jusqu'au prochain redémarrage : { $surveys }
admin_reload_changed = Modifiées dans la configuration, appliqué au prochain redémarrage (leurs admins dès maintenant) : { $surveys }
surveys_open = Ouverte, sans date de clôture
surveys_open_until = Ouverte jusqu'au { $date }
surveys_grace = Délai de grâce : qui a commencé peut finir jusqu'au { $date }
surveys_closed = Clôturée depuis le { $date }
surveys_counts = Envoyées { $submitted } · en cours { $in_progress }
surveys_link = Lien : { $link }

## The figures in plain words
stats_answered =
    { $count ->
        [one] { $count } personne a répondu
       *[other] { $count } personnes ont répondu
    }
stats_scored =
    { $count ->
        [one] { $count } réponse a un score
       *[other] { $count } réponses ont un score
    }
stats_several = plusieurs réponses possibles : les pourcentages dépassent 100 au total
stats_next = Prochains chiffres à { $next } réponses envoyées.
stats_facts = { $who } ; { $rest }
admin_closing_figures = Ses chiffres à la clôture, le { $date } (ils changent si elle est rouverte par /open) :
report_included = Dans les chiffres
xlsx_codebook = Codes
xlsx_column = Colonne
xlsx_question_id = Id de la question
xlsx_option_id = Id de la proposition
report_nothing_yet = Rien à présenter pour l'instant : aucune réponse n'entre encore dans les chiffres.
## Members: the thanks in the grace period; what joins a label and its value
thanks_grace = L'enquête n'accepte plus de nouveaux participants depuis le { $date } ; ceux qui avaient commencé peuvent encore finir.
colon = { "\u00A0: " }
## Vagues : une enquête à côté de la vague précédente qu'elle suit
waves_heading = Comparaison avec la vague précédente : { $title } ({ $id })
waves_responses = Réponses : vague précédente { $earlier } · cette vague { $later }
waves_legend = Chaque chiffre : vague précédente → cette vague (évolution).
waves_answered = personnes ayant répondu : { $earlier } → { $later }
waves_share = { $label } : { $earlier } → { $later } ({ $change } points)
waves_mean = moyenne { $earlier } → { $later } ({ $change })
waves_median = médiane { $earlier } → { $later } ({ $change })
waves_earlier = vague précédente : { $figures }
waves_later = cette vague : { $figures }
waves_no_change = pas d'évolution montrée : trop peu de personnes ont répondu dans une des vagues
waves_differs_type = type de question différent : pas de comparaison
waves_differs_options = options différentes : pas de comparaison
waves_differs_scale = échelle différente : pas de comparaison
waves_differs_dates = dates : pas de comparaison
waves_differs_texts = textes libres : pas de comparaison
waves_new = nouvelle dans cette vague
waves_gone = seulement dans la vague précédente
waves_gone_heading = Questions de la vague précédente seulement :
waves_withheld = Cette enquête suit une vague précédente : la comparaison n'est montrée qu'aux responsables des deux enquêtes.
xlsx_waves = Vagues
xlsx_earlier = Vague précédente
xlsx_later = Cette vague
xlsx_change = Évolution
xlsx_status = Comparaison
xlsx_earlier_answered = Vague précédente : ont répondu
xlsx_later_answered = Cette vague : ont répondu
admin_stats_one_at_a_time = Une question ou une ventilation à la fois : /stats { $first } (sans « { $rest } »). Croiser deux ventilations ferait des groupes trop petits pour être montrés.
stats_no_split_yet = Pas encore de ventilation par cette question : aucun de ses groupes ne peut être montré à part (il faut { $group } réponses par groupe, et qu'aucun groupe ne se déduise des autres). Ensemble, ils feraient toute l'enquête : /stats la montre.
tomorrow_words = demain
admin_open_in_weeks = { $weeks ->
    [one] +1 semaine
   *[other] +{ $weeks } semaines
 } ({ $date })
admin_open_other_date = Autre date
admin_open_type_date = Tapez la date de clôture, par exemple /open { $example }, /open { $example } 17:00, /open demain ou /open +14 (dans 14 jours).
admin_start = Vous êtes organisateur de cette enquête. Toutes vos commandes : /help
admin_start_stats = 📊 Chiffres
admin_start_report = 📄 Rapport PDF
admin_start_export = 📥 Exporter les chiffres
admin_start_close = 🔒 Clôturer
admin_start_open = 🔓 Rouvrir
admin_start_take = ✏️ Répondre à l'enquête
