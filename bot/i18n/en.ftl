# English: every sentence the bot itself writes (the survey's own texts are in its file).
# { $name } is filled in by the bot: keep it, anywhere in the sentence.
# A test checks that every language file has the same messages and placeables.

## This language

# The Babel locale (language_REGION) that formats numbers and dates.
language_locale = en_GB
# The language's own name, on the language buttons.
language_name = English
# Typed answers taken as yes and as no (any case), separated by commas.
yes_words = yes, y, true, 1
no_words = no, n, false, 0

## Sentences

error_empty = Your answer is empty. Please write a few words.
error_too_long = Your answer is too long: { $limit } characters at most.
error_required = This question is required: it cannot be skipped.
error_yes_no = Answer 'yes' or 'no', or use the buttons.
error_type_answer = Type your answer in the chat.
error_choose_option = Choose one of the options (button or number).
error_scale = Choose a rating from { $low } to { $high }.
error_scale_step = Choose a rating from { $low } to { $high }, in steps of { $step }.
error_pick_exactly =
    { $count ->
        [one] Choose exactly { $count } option.
       *[other] Choose exactly { $count } options.
    }
error_pick_between = Choose between { $low } and { $high } options.
error_exclusive = '{ $option }' goes alone: untick it, or untick the other answers.
error_number = Type a whole number, for example 12.
error_number_between = Type a whole number between { $low } and { $high }.
error_number_min = Type a whole number of at least { $low }.
error_number_max = Type a whole number of at most { $high }.
error_decimal = Type a number, for example 12.5.
error_decimal_between = Type a number between { $low } and { $high }.
error_decimal_min = Type a number of at least { $low }.
error_decimal_max = Type a number of at most { $high }.
error_decimal_places =
    { $places ->
        [one] Give at most { $places } digit after the decimal point.
       *[other] Give at most { $places } digits after the decimal point.
    }
error_date = Type a date, day first, for example 11/02/2020.
error_date_between = Type a date between { $low } and { $high }.
error_date_min = Type a date on or after { $low }.
error_date_max = Type a date on or before { $high }.
error_pattern = Your answer is not in the expected form.
yes = Yes
no = No
skipped = (skipped)
progress = Question { $position } · { $bar } { $percent }
progress_section = { $section } · question { $position } · { $bar } { $percent }
hint_type_number = Type a number.
hint_type_text = Type your answer ({ $limit } characters at most).
hint_type_decimal = Type a number, for example 12.5.
hint_type_date = Type a date, for example 11/02/2020.
hint_typing_date = [dd/mm/yyyy]
hint_type_answer = Type your answer.
hint_pick_many = Tick your choices, then confirm.
ask_other = You chose '{ $option }': please say what, in a few words.
button_back = ◀ Back
button_skip = Skip ▶
button_confirm = Confirm ✔
button_submit = Submit my answers ✔
button_cancel_yes = Yes, delete everything
button_cancel_no = No, continue
review = Your answers:
review_hint = Check, then submit. Once submitted, answers cannot be changed. ✏️ to change an answer, ◀ to return to the last question.
anonymity = Your answers are anonymous: they are stored under a random token, never with your name or your Telegram id (details: /privacy).
deadline = The survey closes on { $date }.
choose_language = Choose your language:
resume = You had started: let's continue where you stopped.
already_done = You have already taken part in this survey. Thank you!
closed = This survey closed on { $date }. Thank you for your interest.
closed_now = This survey is closed. Thank you for your interest.
not_started = You have not started yet: send /start.
resume_by_button = The bot was restarted, and it keeps nothing that says which answers are yours. To go on, tap a button of your last question; or start again.
resume_or_start = The bot was restarted: if you had begun, tap a button of your last question to go on where you were. Otherwise, start here.
button_start_over = Start again
private_only = To stay anonymous, the survey is answered in a private chat: { $link }
stale = This button is no longer valid: answer the latest question.
unsupported = I only understand text and buttons.
unsupported_question = I only understand text and buttons. Here is the current question.
unsupported_above = I only understand text and buttons: answer the current question, above.
unknown_command = Unknown command. /help lists the commands.
try_again = Something went wrong on our side. Please try again in a moment.
cancel_confirm = Delete all your answers in progress? Nothing has been submitted.
cancelled = Your answers in progress were deleted. /start to begin again.
cancel_kept = All right, let's continue.
no_back = You are at the first question.
submitted = Answers submitted.
busy = Noted. Many colleagues are answering right now; your next question follows in a few seconds.
help =
    /start — start or resume the survey
    /back — return to the previous question
    /cancel — delete your answers in progress
    /privacy — what is stored, and who sees what
    /help — this help
help_admin =
    For the organisers:
    /stats — the overview and a chart per question; /stats NUMBER — one question in detail, or every question broken down by a breakdown question (e.g. /stats 3, /stats { $breakdown })
    /report [QUESTION] [LANGUAGE] — the PDF report (e.g. /report { $breakdown } nl)
    /export [csv|json|xlsx] [codes] [LANGUAGE] — the figures as files, never one row per person: a CSV that opens in Excel, with labels, or with codes given 'codes'; JSON; a workbook (e.g. /export xlsx fr, /export csv codes)
    /close — close the survey (after a confirmation)
    /open [DATE [TIME]] — open it again, until the date in force or a new one (e.g. /open { $date } 17:00, /open +14)
help_admin_server = Single responses (one row per person) are not sent in Telegram: the data owner exports them on the server, with survey-bot export.
help_admin_raw = /export raw [csv|json|xlsx] [codes] [LANGUAGE] — the single responses (one row per person), for you as the data owner: .age files, encrypted to the configured key. On your computer: age -d -i key.txt FILE.age > FILE
privacy_stored =
    What is stored: your answers, under a random token; the day of submission and the time taken, rounded to the minute.
    What is not: your name, your Telegram id or username, your messages, the time of your answers.
    Nothing in the bot's files links you to your answers, not even while you are answering: which answers are yours is known only to the bot's memory, and after a restart your next tap on a button of your last question tells it again. When you submit, your answers get a new token.
    What is kept is that you took part, as a keyed, one-way fingerprint of your id, so that each person answers once; it is written only together with those of other people who submitted at about the same time, so that even whoever holds the bot's files at every moment cannot tell which answers are yours.
privacy_admins = What the organisers see (the bot's admins, in Telegram): overall figures only (/stats, the PDF report, tables of figures), never one person's answers together. No figure rests on fewer than { $group } people: a group, or a question that fewer than { $group } people answered, is not shown.
privacy_admins_no_texts = Of the written answers, they see only how many there are, never the texts.
privacy_admins_texts = Written answers: they see the texts themselves, in alphabetical order with nothing beside them, for a question that at least { $group } people answered; otherwise only how many there are.
privacy_owner_server = What the data owner sees (whoever runs the server that holds the database): every submitted response one by one, on that server only, never whose it is. Single responses are never sent through Telegram.
privacy_owner_telegram = What the data owner sees (whoever runs the server that holds the database): every submitted response one by one, never whose it is: on that server, or in files the bot sends to the owners its configuration names, encrypted to a key that only they hold, so that Telegram and their phones keep only the encrypted file.
privacy_telegram = What Telegram sees: it carries every message, so it sees who writes to the bot and what they send, as in any chat, and keeps this chat on its servers until it is deleted. The figures sent to the organisers pass through it too.
privacy_memory = What the bot's memory holds while it runs: which answers in progress are yours and where your current question is shown, and the replies waiting to be sent, which may repeat your answers (the recap before sending does). They are dropped once sent, and all of it is gone when the bot stops. The files it makes for the organisers are made in memory, never written to its disk.
privacy_retention = How long: { $days ->
    [0] the single responses are deleted for good once the survey closes
    [one] the single responses are deleted for good one day after the survey closes
   *[other] the single responses are deleted for good { $days } days after the survey closes
}, your unfinished answers and the record that you answered with them; only the figures the organisers could see are kept.
admin_only = This command is reserved for the survey's organisers.
bot_description = { $title }. This bot asks the survey's questions, one at a time. Your answers are anonymous: they are stored under a random token, never with your name or your Telegram id (/privacy). Press Start to begin.
bot_short_description = { $title } · anonymous survey
cmd_start = Start or resume the survey
cmd_back = Back to the previous question
cmd_cancel = Delete my answers in progress
cmd_help = Help
cmd_privacy = What is stored, who sees what
cmd_stats = Figures (organisers)
cmd_close = Close the survey (organisers)
cmd_open = Reopen the survey (organisers)
cmd_export = Export the figures (organisers)
admin_close_confirm = Close the survey now? Nobody will be able to answer any more.
admin_close_yes = Yes, close it
admin_close_no = No
admin_closed = Survey closed.
admin_close_kept = The survey stays open.
admin_already_closed = The survey is already closed.
admin_reopened = Survey reopened, with no deadline.
admin_reopened_until = Survey reopened until { $date }.
admin_bad_date = Date not understood. For example: /open { $example }, /open { $example } 17:00, /open tomorrow or /open +14 (in 14 days).
admin_past_date = That date has already passed.
admin_caption_report =
    { $count ->
        [one] Report on { $count } response, as of { $date }
       *[other] Report on { $count } responses, as of { $date }
    }
admin_caption_figures =
    { $count ->
        [one] Figures over { $count } response, as of { $date }
       *[other] Figures over { $count } responses, as of { $date }
    }
admin_caption_raw =
    { $count ->
        [one] { $count } single response, as of { $date }, encrypted to the data owner's key. On your computer: age -d -i key.txt { $file } > { $plain }
       *[other] { $count } single responses, as of { $date }, encrypted to the data owner's key. On your computer: age -d -i key.txt { $file } > { $plain }
    }
admin_open_needs_date = The closing date ({ $date }) has passed: pick a new one below, or type it, e.g. /open { $example } or /open { $example } 17:00
admin_closing_notice = The survey is closed.
admin_not_breakdown = { $question } is not a breakdown question. Choose from: { $choices }
admin_export_format = Formats: csv, json, xlsx; 'codes' for a CSV of codes rather than labels.
admin_export_raw_refused = Single responses (one row per person) are not sent to the organisers: the data owner exports them on the server (survey-bot export), or receives them encrypted if the configuration names them. /export gives you the figures.
admin_export_raw_purged = The single responses were deleted on { $date }: only the figures are kept (/export).
admin_purged = The single responses were deleted on { $date } (storage limitation): these are the figures kept, as they were shown once the survey closed.
admin_open_purged = The single responses of this survey were deleted on { $date }: it cannot be opened again.
stats_overview = Started { $started } · in progress { $in_progress } · submitted { $submitted }
stats_rate = Completion rate { $rate } · median time { $minutes } min
stats_per_day = Per day: { $days }
stats_complete =
    { $count ->
        [one] Figures over the { $count } submitted response.
       *[other] Figures over all { $count } submitted responses.
    }
stats_batched =
    { $submitted ->
        [one] { $submitted } response submitted
       *[other] { $submitted } responses submitted
    }; the figures rest on { $count } (released in groups of { $group } so that nobody can be recognised).
stats_skipped = { $count } skipped the question
stats_texts =
    { $count ->
        [one] { $count } written answer
       *[other] { $count } written answers
    }
stats_other_texts = 'other' texts: { $count }
stats_mean = mean { $mean }, median { $median }
stats_unscored = { $count } without a score (too few answers)
stats_band = ≤ { $max } { $label }
stats_median = median { $median }
stats_dates = from { $first } to { $last }
stats_breakdown = Breakdown by { $question }
stats_hidden =
    { $count ->
        [one] { $count } response in groups under { $group } is not shown.
       *[other] { $count } responses in groups under { $group } are not shown.
    }
stats_no_group_yet = No group has { $group } responses yet.
stats_too_few = fewer than { $group } people answered: not shown
stats_group_other = other groups (merged)
stats_group_none = no answer
cmd_report = PDF report (organisers)
report_subtitle = Results report
report_generated = Generated on { $date }
report_first_day = First responses: { $date }
report_last_day = Last responses: { $date }
report_deadline = Closes: { $date }
report_closed = Closed on { $date }
report_no_deadline = No closing date
report_submitted = Responses submitted
report_in_progress = In progress
report_completion = Completion rate
report_median_time = Median time
report_minutes = { $minutes } min
report_per_day = Responses submitted per day
report_multiple_note = Several answers possible: the share of respondents who ticked each option, so the percentages add up to more than 100.
report_no_answers = No answers yet.
report_texts_not_shown = The texts themselves are not included in this report.
report_texts_too_few = Fewer than { $group } people answered: their texts are not listed.
report_other_texts = Details given for '{ $option }':
report_page = Page { $page }/{ $pages }
xlsx_responses = Responses
xlsx_figures = Figures
xlsx_free_texts = Free texts
xlsx_response = Response no.
xlsx_language = Language
xlsx_day = Day submitted
xlsx_duration = Duration (minutes)
xlsx_text = text
xlsx_question = Question
xlsx_answered = Answered
xlsx_skipped = Skipped
xlsx_mean = Mean
xlsx_median = Median
xlsx_texts = Written texts
xlsx_answer = Answer
xlsx_count = Count
xlsx_share = Share
xlsx_day_short = Day
xlsx_started = Started
admin_private_only = The organisers' commands work only in a private chat with the bot: write to it directly.
admin_unknown_question = There is no question '{ $question }': give its number, from 1 to { $count }.
stats_nothing_yet = No responses yet.
stats_queue =
    Outgoing queue: { $queued ->
        [one] { $queued } message waiting
       *[other] { $queued } messages waiting
    } · current wait { $wait } s
stats_paid =
    Paid broadcasts: { $count ->
        [one] { $count } message
       *[other] { $count } messages
    } · { $stars } Stars
stats_paid_budget = Budget: { $hour } of { $per_hour } paid messages this hour · { $total } of { $max_total } in all ({ $stars } of { $max_stars } Stars)
stats_paid_hour_spent = This hour's budget is spent: replies wait for free turns; it refills in { $minutes } min.
stats_paid_total_spent = The whole budget is spent: replies wait for free turns from now on (telegram.paid_broadcast_max_total raises it).
stats_hint_detail = One question in detail: /stats and its number (e.g. /stats { $example }).
stats_hint_breakdown = Everything broken down by question { $numbers }: /stats { $example }.

## The respondent flow: changing an answer from the recap, edits, the sent recap
button_change = ✏️ Change an answer
button_to_recap = ↩ Back to the recap
review_sent = ✅ Sent. Your answers:
deadline_none = with no closing date
edit_not_taken = Your edit was not taken: that question is already answered. To change an answer, use "✏️ Change an answer" in the recap, or /back.
error_tick_none =
    { $count ->
        [one] Tick at least one option, then confirm.
       *[other] Tick at least { $count } options, then confirm.
    }
already_sent = Your answers are already sent. Thank you!
button_clear = 🧹 Clear this conversation
button_share = 📣 Share the survey
clearing = Deleting this conversation, your messages and the bot's. The bot cannot delete messages older than 48 hours: delete those yourself (Clear History in this chat's menu).
closed_unsent = This survey closed on { $date }. Your answers had not been sent: they are not counted.
closed_unsent_now = This survey is closed. Your answers had not been sent: they are not counted.
stale_typed = Nothing to type now: check your answers, then submit them (or ✏️ change one).
surveys_menu = Which survey would you like to answer?
surveys_other_open = These surveys are open:
cmd_surveys = Your surveys: state, counts, links (organisers)
cmd_reload = Read the config again: new surveys open (organisers of every survey)
admin_survey = { $title } ({ $id })
admin_close_confirm_named = Close the survey { $title } ({ $id }) now? Nobody will be able to answer it any more.
admin_closing_notice_named = The survey { $title } ({ $id }) is closed.
admin_unknown_survey = There is no survey '{ $survey }' among yours. Yours: { $surveys }
admin_pick = Which survey?
admin_pick_typed = Which survey? Give its id first, e.g. /{ $command } ID …, with ID one of: { $surveys }
help_admin_surveys = /surveys — your surveys: open or closed, their counts and links. With several surveys, give the survey's id first (e.g. /stats { $example }, /close { $example }); without it, a button per survey lets you pick.
help_admin_reload = /reload — read the config again after adding a survey (run survey-bot check first): new surveys open, the others go on as they are.
admin_reload_global_only = Only the organisers of every survey (the config's global admins) may reload the config.
admin_reload_invalid = The config was not reloaded: the surveys go on as they were. survey-bot check says:
admin_reload_cannot_open = The config was not reloaded: a new survey cannot be opened. The surveys go on as they were.
admin_reload_one_survey = The bot runs one survey: its links and buttons name no survey, so adding others needs a restart. Nothing changed.
admin_reload_no_config = The settings were not read from a config file: there is nothing to reload.
admin_reloaded = Config reloaded.
admin_reload_added = Opened: { $survey } — { $link }
admin_reload_kept = Running as before: { $surveys }
admin_reload_removed = No longer in the config, still running until the next restart: { $surveys }
admin_reload_changed = Changed in the config, applied at the next restart (their admins apply now): { $surveys }
surveys_open = Open, with no deadline
surveys_open_until = Open until { $date }
surveys_grace = In its grace period: those who started may finish until { $date }
surveys_closed = Closed on { $date }
surveys_counts = Submitted { $submitted } · in progress { $in_progress }
surveys_link = Link: { $link }

## The figures in plain words
stats_answered =
    { $count ->
        [one] { $count } person answered
       *[other] { $count } people answered
    }
stats_scored =
    { $count ->
        [one] { $count } response scored
       *[other] { $count } responses scored
    }
stats_several = several answers possible: the percentages add up to more than 100
stats_next = The next figures come at { $next } submitted responses.
stats_facts = { $who }; { $rest }
admin_closing_figures = Its figures as of its closing on { $date } (they change if it is reopened with /open):
report_included = In the figures
xlsx_codebook = Codebook
xlsx_column = Column
xlsx_question_id = Question id
xlsx_option_id = Option id
report_nothing_yet = Nothing to report yet: no response is in the figures.
## Members: the thanks in the grace period; what joins a label and its value
thanks_grace = The survey has been closed to newcomers since { $date }; those who had started can still finish.
colon = { ": " }
## Waves: a survey beside the earlier wave it follows
waves_heading = Compared with the earlier wave: { $title } ({ $id })
waves_responses = Responses: earlier wave { $earlier } · this wave { $later }
waves_legend = Each figure: earlier wave → this wave (change).
waves_answered = people who answered: { $earlier } → { $later }
waves_share = { $label }: { $earlier } → { $later } ({ $change } points)
waves_mean = mean { $earlier } → { $later } ({ $change })
waves_median = median { $earlier } → { $later } ({ $change })
waves_earlier = earlier wave: { $figures }
waves_later = this wave: { $figures }
waves_no_change = no change shown: too few people answered in one wave
waves_differs_type = question type differs: not compared
waves_differs_options = options differ: not compared
waves_differs_scale = scale differs: not compared
waves_differs_dates = dates: not compared
waves_differs_texts = free texts: not compared
waves_new = new in this wave
waves_gone = only in the earlier wave
waves_gone_heading = Questions of the earlier wave only:
waves_withheld = This survey follows an earlier wave: the comparison is shown only to the admins of both surveys.
xlsx_waves = Waves
xlsx_earlier = Earlier wave
xlsx_later = This wave
xlsx_change = Change
xlsx_status = Comparison
xlsx_earlier_answered = Earlier wave: answered
xlsx_later_answered = This wave: answered
admin_stats_one_at_a_time = One question or one breakdown at a time: /stats { $first } (without “{ $rest }”). Crossing two breakdowns would make groups too small to show.
stats_no_split_yet = No breakdown by this question yet: none of its groups can be shown on its own (it takes { $group } responses per group, and no group may be worked out from the others). Together they would be the whole survey: /stats shows it.
tomorrow_words = tomorrow
admin_open_in_weeks = { $weeks ->
    [one] +1 week
   *[other] +{ $weeks } weeks
 } ({ $date })
admin_open_other_date = Another date
admin_open_type_date = Type the closing date, e.g. /open { $example }, /open { $example } 17:00, /open tomorrow or /open +14 (in 14 days).
admin_start = You organise this survey. All your commands: /help
admin_start_stats = 📊 Figures
admin_start_report = 📄 PDF report
admin_start_export = 📥 Export the figures
admin_start_close = 🔒 Close
admin_start_open = 🔓 Reopen
admin_start_take = ✏️ Take the survey
