"""Session documents: Markdown, printable HTML and the terminal view show text literally."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from intervisie_tui.documents.common import (
    SessionDocument,
    clean,
    clock,
    deviation,
    document_from_json,
    document_of,
)
from intervisie_tui.documents.html import render_html
from intervisie_tui.documents.markdown import escape, render_markdown
from intervisie_tui.documents.preparation import read_preparation_answers, render_preparation
from intervisie_tui.documents.terminal import evaluation_line, render_terminal
from intervisie_tui.engine.clock import FakeClock
from intervisie_tui.engine.protocol_loader import load_protocol
from intervisie_tui.engine.runner import SessionRunner
from intervisie_tui.engine.session import Evaluation
from intervisie_tui.engine.store import serialize
from tests.builders import BUILTIN_PROTOCOLS, make_session, phase_dict
from tests.meetings import (
    INJECTION,
    NAMES,
    agreement,
    days_ago,
    full_answers,
    meeting_protocol,
    run_meeting,
)


def rich_session():  # type: ignore[no-untyped-def]
    return run_meeting(
        answers=full_answers(),
        minutes=[6, 9, 5, 2],
        help_question=f"Hulpvraag van Bram: {INJECTION}",
        preparation={"waarom": f"Marieke de Vries vroeg het. {INJECTION}"},
        agreements=[
            agreement(
                f"Bram zet een time-timer neer {INJECTION}",
                who="Bram",
                when="vanaf maandag",
                evaluation_date=date(2026, 12, 14),
            ),
            agreement(
                "Ouders bellen",
                who="Marieke de Vries",
                evaluation=Evaluation(evaluated_at=days_ago(1), note="Gebeld door Bram."),
            ),
        ],
    )


def terminal_text(document) -> str:  # type: ignore[no-untyped-def]
    console = Console(file=io.StringIO(), width=100, highlight=False, emoji=False)
    console.print(render_terminal(document, today=date(2026, 12, 1)))
    return console.file.getvalue()  # type: ignore[attr-defined]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(text: str) -> _Text:
    parser = _Text()
    parser.feed(text)
    return parser


def markdown_as_html(text: str) -> _Text:
    return parse_html(MarkdownIt("commonmark").render(text))


# -- one builder, from memory and from the file ------------------------------------------------


def test_document_from_the_file_equals_document_from_the_model() -> None:
    for session in (rich_session(), run_meeting(end="none"), run_meeting(end="abandon")):
        from_file = document_from_json(json.loads(serialize(session)))
        assert from_file == document_of(session)


def test_document_reads_typed_answers() -> None:
    doc = document_of(rich_session())
    answers = {a.label: a for phase in doc.phases for a in phase.answers}
    assert answers["Cijfer"].lines() == ["6 (op een schaal van 1 tot 10)"]
    assert answers["Kernwoorden"].lines() == ["Belonen: 3"]
    assert answers["Volgende keer"].lines() == ["11-01-2027"]
    assert doc.next_evaluation == date(2026, 12, 14)
    assert [p.over for p in doc.phases] == [True, False, False, False]


def test_control_characters_are_made_visible() -> None:
    assert clean("a\x1b[31mb\x07\r\nc\rd\x9be") == "a\u241b[31mb\u2407\nc\nd\ufffde"
    session = run_meeting(answers={("fase-1", "notes"): "rood: \x1b[31mROOD\x1b[0m"})
    assert "\x1b" not in terminal_text(document_of(session))
    assert "\x1b" not in render_markdown(session)
    assert "\x1b" not in render_html(session)


# -- Markdown ----------------------------------------------------------------------------------


def test_markdown_has_agreements_first_then_phases_with_questions_and_times() -> None:
    text = render_markdown(rich_session())
    agreements = text.index("## Afspraken")
    assert agreements < text.index("## Voorbereiding") < text.index("## Verloop")
    assert text.index("### 1. Vraag") > agreements
    assert "Eerstvolgende evaluatie: **14-12-2026**" in text
    assert "- Wat is je hulpvraag?" in text
    assert "gepland 5 min · werkelijk 06:00 (+01:00)" in text
    assert "geëvalueerd op" in text


def test_markdown_shows_injections_literally() -> None:
    rendered = markdown_as_html(render_markdown(rich_session()))
    assert "script" not in rendered.tags
    text = "".join(rendered.text)
    assert text.count(INJECTION) >= 4
    assert "Hulpvraag van Bram: " + INJECTION in text


_PRINTABLE = st.text(
    alphabet=st.sampled_from("abc XYZ019!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~é"),
    min_size=1,
    max_size=40,
).filter(lambda t: t == t.strip() and "  " not in t)


@given(_PRINTABLE)
def test_escaped_markdown_renders_as_the_text_itself(text: str) -> None:
    rendered = MarkdownIt("commonmark").render(escape(text))
    inner = re.fullmatch(r"<p>(.*)</p>\n", rendered, re.DOTALL)
    assert inner is not None, rendered
    assert html.unescape(inner.group(1)) == text


def test_multi_line_text_keeps_its_lines() -> None:
    session = run_meeting(answers={("fase-1", "notes"): "# geen kop\n- geen lijst\n\n1. ook niet"})
    rendered = markdown_as_html(render_markdown(session))
    assert "h1" not in rendered.tags[1:] and "ol" not in rendered.tags
    text = "".join(rendered.text)
    assert "# geen kop" in text and "- geen lijst" in text and "1. ook niet" in text


def test_anonymous_markdown_leaves_participant_names_out() -> None:
    session = rich_session()
    plain = render_markdown(session)
    assert all(name in plain for name in NAMES)
    anonymous = render_markdown(session, anonymous=True)
    for name in NAMES:
        assert name not in anonymous
        assert name.lower() not in anonymous.lower()
    assert "voorzitter, inbrenger (namen weggelaten)" in anonymous
    assert "inbrenger zet een time-timer neer" in anonymous
    assert "voorzitter zag het eerst" in anonymous
    assert "**Casus (schuilnaam):** L." in anonymous


def test_anonymising_a_ready_document() -> None:
    session = rich_session()
    doc = document_of(session)
    assert isinstance(doc, SessionDocument)
    assert render_markdown(doc, anonymous=True) == render_markdown(session, anonymous=True)


# -- HTML --------------------------------------------------------------------------------------


def test_html_is_escaped_self_contained_and_for_a4() -> None:
    text = render_html(rich_session())
    parsed = parse_html(text)
    assert "script" not in parsed.tags
    assert "@page { size: A4" in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    assert "<table>" in text and "http" not in text.replace("http-equiv", "")
    joined = "".join(parsed.text)
    assert joined.count(INJECTION) >= 4
    assert text.index("<h2>Afspraken</h2>") < text.index("<h2>Verloop</h2>")


def test_anonymous_html_leaves_participant_names_out() -> None:
    text = render_html(rich_session(), anonymous=True)
    for name in NAMES:
        assert html.escape(name) not in text and name not in text


# -- what the case is called ------------------------------------------------------------------


def test_a_case_about_a_pupil_is_labelled_as_set_up_asked_it() -> None:
    session = run_meeting(help_question="Hoe help ik L.?")
    markdown = render_markdown(session)
    assert "- **Casus (schuilnaam):** L." in markdown
    assert "**Hulpvraag van de inbrenger:**\n\nHoe help ik L.?" in markdown
    assert "<strong>Hulpvraag van de inbrenger:</strong>" in render_html(session)
    out = terminal_text(document_of(session))
    assert "Casus       L." in out
    assert "Hulpvraag van de inbrenger\n  Hoe help ik L.?" in out


def test_a_theme_has_no_case_line_and_is_called_the_theme() -> None:
    """Leren van successen: set-up asked for the theme (kept as the help question), no pupil;
    the labels come from the session's own protocol copy, also when read from the file."""
    session = run_meeting(
        meeting_protocol(subject="theme"), pupil="", help_question="Rust in de klas"
    )
    for doc in (document_of(session), document_from_json(json.loads(serialize(session)))):
        assert doc.question_label == "Thema van de bijeenkomst"
        assert [label for label, _value in doc.facts()] == [
            "Datum",
            "Status",
            "Sessie",
            "Deelnemers",
        ]
    markdown = render_markdown(session)
    assert "Casus" not in markdown and "Hulpvraag" not in markdown
    assert "**Thema van de bijeenkomst:**\n\nRust in de klas" in markdown
    html_text = render_html(session)
    assert "Casus" not in html_text
    assert "<strong>Thema van de bijeenkomst:</strong>" in html_text
    out = terminal_text(document_of(session))
    assert "Casus" not in out
    assert "Thema van de bijeenkomst\n  Rust in de klas" in out


# -- terminal ----------------------------------------------------------------------------------


def test_terminal_shows_markup_literally_and_agreements_first() -> None:
    out = terminal_text(document_of(rich_session()))
    assert "[bold]x[/] <script>alert(1)</script>" in out
    assert out.index("Afspraken") < out.index("1. Vraag")
    assert "Eerstvolgende evaluatie: 14-12-2026 (over 13 dagen)" in out
    assert "? Wat is je hulpvraag?" in out
    assert "werkelijk 06:00 (+01:00)" in out


def test_terminal_wraps_with_a_hanging_indent() -> None:
    long = "woord " * 60
    out = terminal_text(document_of(run_meeting(answers={("fase-1", "ideas"): [long]})))
    lines = [line for line in out.splitlines() if "woord" in line]
    assert lines[0].startswith("    • woord")
    assert all(line.startswith("      woord") for line in lines[1:])
    assert all(len(line) <= 100 for line in out.splitlines())


# -- the preparation form ----------------------------------------------------------------------


def test_preparation_form_of_handelingsgericht() -> None:
    protocol = load_protocol(BUILTIN_PROTOCOLS / "handelingsgericht.toml").protocol
    text = render_preparation(protocol)
    assert text.startswith("# Voorbereiding van de handelingsgerichte intervisie")
    assert text.count("<!-- antwoord: ") == 8
    assert "Waarom breng je juist nu deze leerling in bij de intervisie?" in text
    assert "| 7. Opbrengst | allen | 2 |" in text
    page = render_preparation(protocol, "html")
    assert "@page { size: A4" in page and page.count('class="box"') == 8


def test_preparation_answers_read_back() -> None:
    protocol = meeting_protocol()
    form = render_preparation(protocol)
    filled = form.replace(
        "<!-- antwoord: waarom -->\n", "<!-- antwoord: waarom -->\nOmdat het *nu* speelt.\n"
    )
    assert read_preparation_answers(filled, protocol) == {"waarom": "Omdat het *nu* speelt."}
    assert read_preparation_answers(form, protocol) == {}


def test_generic_form_for_a_protocol_without_preparation() -> None:
    protocol = meeting_protocol(preparation=None)
    text = render_preparation(protocol)
    assert "geen eigen voorbereidingsformulier" in text
    assert "ruim vóór de intervisie" in text
    assert "Wat is je hulpvraag?" in text
    assert "- **Leerling (schuilnaam of initialen):** " in text
    assert "> Noem de leerling met een schuilnaam of initialen" in text
    assert "pseudoniem" not in text and "pseudoniem" not in render_preparation(protocol, "html")


def test_generic_form_for_a_theme_asks_for_the_theme_and_a_success() -> None:
    protocol = meeting_protocol(preparation=None, subject="theme")
    for text in (render_preparation(protocol), render_preparation(protocol, "html")):
        assert "Leerling" not in text and "hulpvraag" not in text.casefold()
        assert "Over welk thema wil je met de anderen van successen leren?" in text
        assert "Welk succes wil je vertellen" in text
        assert "Noem geen namen van kinderen." in text


def test_a_theme_with_its_own_form_asks_its_own_questions_and_no_pupil() -> None:
    protocol = load_protocol(BUILTIN_PROTOCOLS / "leren-van-successen.toml").protocol
    text = render_preparation(protocol)
    assert "Leerling" not in text
    assert "<!-- antwoord: succes -->" in text and "<!-- antwoord: thema -->" not in text
    assert "- **Inbrenger:** \n- **Datum van de intervisie:** \n" in text


def test_the_form_marks_the_minutes_that_are_our_own_proposal() -> None:
    own = load_protocol(BUILTIN_PROTOCOLS / "basis-intervisie.toml").protocol
    text = render_preparation(own)
    assert "| 1. Introductie | begeleider (voorzitter) | 5 (eigen voorstel) |" in text
    assert "*De minuten zijn een eigen voorstel, niet uit de bron.*" in text
    page = render_preparation(own, "html")
    assert "<td>5 (eigen voorstel)</td>" in page
    assert "De minuten zijn een eigen voorstel, niet uit de bron." in page
    mixed = meeting_protocol(
        phases=[phase_dict(1, minutes=3), phase_dict(2, minutes=4, minutes_source="proposal")]
    )
    text = render_preparation(mixed)
    assert "| 1. Fase 1 | allen | 3 |" in text
    assert "| 2. Fase 2 | allen | 4 (eigen voorstel) |" in text
    assert "*De minuten van fase 2 zijn een eigen voorstel, niet uit de bron.*" in text
    source = load_protocol(BUILTIN_PROTOCOLS / "handelingsgericht.toml").protocol
    assert "eigen voorstel" not in render_preparation(source)


@pytest.mark.parametrize(
    ("fixture", "says"),
    [
        ("handelingsgericht-completed.json", "Dit document gaat over een leerling"),
        ("leren-van-successen-completed.json", "over hun eigen praktijk vertelden"),
    ],
)
def test_the_privacy_note_fits_what_the_meeting_was_about(fixture, says):
    from intervisie_tui.documents.html import render_html
    from intervisie_tui.documents.markdown import render_markdown
    from intervisie_tui.engine.store import load_session

    session = load_session(Path(__file__).parent.parent / "fixtures" / "sessions-0.2.0" / fixture)
    assert says in render_markdown(session)
    assert says in html.unescape(render_html(session))


def test_text_from_a_session_cannot_reorder_or_hide_itself():
    """The same mapping as file names: bidi overrides and zero-width marks become visible,
    while tabs and line ends of an answer stay."""
    assert clean("a\u202eb\u200bc\x1bd\te\nf") == "a\ufffdb\ufffdc␛d\te\nf"


def _seconds(text: str) -> int:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


@given(
    actual=st.floats(min_value=0, max_value=3599.99),
    planned=st.floats(min_value=1, max_value=3599.99),
)
def test_a_difference_is_that_of_the_times_shown(actual: float, planned: float) -> None:
    """'werkelijk 01:15 (-08:44)' of 10 minutes in the walk-through: what a reader sees must
    add up, so the difference is taken from the two times as shown."""
    shown = deviation(actual, planned)
    delta = _seconds(clock(actual)) - _seconds(clock(planned))
    if delta == 0:
        assert shown == "precies op tijd"
    else:
        assert shown == ("+" if delta > 0 else "-") + clock(abs(delta))


def test_the_walk_through_differences() -> None:
    assert deviation(75.4, 600) == "-08:45"
    assert deviation(465.6, 480) == "-00:15"
    assert deviation(180.3, 180) == "precies op tijd"


def adjusted_session():  # type: ignore[no-untyped-def]
    """Phase 1 (5 min) shortened by a minute and run 6:59; phase 2 (10 min) 2:00."""
    clock = FakeClock()
    session = make_session(meeting_protocol(), clock)
    runner = SessionRunner(session, clock)
    runner.start()
    runner.adjust(-1)
    clock.advance(6 * 60 + 59)
    runner.next()
    clock.advance(120)
    runner.finish()
    return session


def test_documents_measure_against_the_adjusted_budget_and_name_the_original() -> None:
    """The walk-through: the rail said 06:59/04:00, 'show' 'gepland 5 min (-1 min
    bijgesteld)' and '+01:59', against the budget nobody ran with any more."""
    session = adjusted_session()
    first = document_of(session).phases[0]
    assert first.time_line() == "gepland 4 min (bijgesteld van 5 min) · werkelijk 06:59 (+02:59)"
    markdown = render_markdown(session)
    assert "Totaal: gepland 21:00 (bijgesteld van 22:00), werkelijk 08:59." in markdown
    assert "Totaal gepland 21:00 (bijgesteld van 22:00), werkelijk 08:59" in terminal_text(session)
    cells = parse_html(render_html(session)).text
    assert "04:00 (bijgesteld van 05:00)" in cells
    assert "+02:59" in cells
    assert "21:00 (bijgesteld van 22:00)" in cells


def test_an_empty_who_or_when_reads_as_a_dash_everywhere() -> None:
    """The walk-through saw an empty 'Wanneer' as '—' in one table and blank in another."""
    session = run_meeting(agreements=[agreement("Ouders bellen")], skip=(3,))
    assert "*wie: — · wanneer: — · geen evaluatiedatum*" in render_markdown(session)
    assert "wie: — · wanneer: — · geen evaluatiedatum" in terminal_text(session)
    cells = parse_html(render_html(session)).text
    assert cells[cells.index("Ouders bellen") + 1 : cells.index("Ouders bellen") + 3] == [
        "—",
        "—",
    ]


def test_a_phase_not_covered_is_niet_besproken_in_every_document() -> None:
    """One word for it: the end screen said 'Niet besproken', show 'Niet aan bod gekomen'."""
    session = run_meeting(skip=(3,))
    markdown = render_markdown(session)
    assert "Niet besproken: Opbrengst." in markdown
    assert "gepland 2 min · niet besproken" in markdown
    assert "Niet besproken: Opbrengst" in terminal_text(session)
    assert "niet besproken" in parse_html(render_html(session)).text
    for text in (markdown, terminal_text(session), render_html(session)):
        assert "aan bod" not in text


def test_what_a_meeting_produced_leaves_out_notes_and_the_help_question() -> None:
    protocol = meeting_protocol()
    session = run_meeting(
        protocol,
        answers={
            ("fase-1", "notes"): "jottings",
            ("fase-2", "aantekeningen"): "more jottings",
            ("fase-1", "ideas"): ["een idee"],
            ("fase-2", "score"): 6,
        },
    )
    labels = [a.label for a in document_of(session).outcome()]
    assert labels == ["Ideeën", "Cijfer"]


def lvs_session(**options):  # type: ignore[no-untyped-def]
    protocol = load_protocol(BUILTIN_PROTOCOLS / "leren-van-successen.toml").protocol
    return run_meeting(protocol, pupil="", help_question="Gewenst gedrag bekrachtigen", **options)


def test_a_protocol_without_agreements_has_no_agreements_section() -> None:
    """Leren van successen records no agreements: 'Afspraken: Geen afspraken vastgelegd.'
    read as a step the group forgot."""
    session = lvs_session()
    for text in (render_markdown(session), terminal_text(session), render_html(session)):
        assert "Afspraken" not in text
        assert "Geen afspraken" not in text
    # A protocol that asks for them still says when there are none.
    assert "Geen afspraken vastgelegd." in render_markdown(run_meeting())


def test_a_method_that_promises_anonymity_names_nobody_without_being_asked() -> None:
    """Leren van successen's own rule: 'er worden geen namen genoemd in verslagen'. The
    walk-through's export named everyone; now every document leaves the names out and says
    why, from the model and from the file alike."""
    session = lvs_session(answers={("evaluatie", "complimenten"): ["Bram luisterde goed"]})
    for doc in (document_of(session), document_from_json(json.loads(serialize(session)))):
        assert doc.anonymous
        assert "deze werkwijze belooft dat verslagen niemand bij naam noemen" in (
            doc.participants_line()
        )
    texts = [render_markdown(session), render_html(session), terminal_text(session)]
    for text in texts:
        for name in NAMES:
            assert name not in text
        assert "(namen weggelaten: deze werkwijze belooft" in " ".join(text.split())
    assert "inbrenger luisterde goed" in texts[0]
    # Other protocols keep the names unless asked.
    assert NAMES[1] in render_markdown(run_meeting())


def test_the_shipped_theme_protocols_keep_their_promise_of_anonymity() -> None:
    for name in ("leren-van-successen", "leren-van-successen-ouders"):
        protocol = load_protocol(BUILTIN_PROTOCOLS / f"{name}.toml").protocol
        assert protocol.anonymous_documents
        assert any("geen namen genoemd in verslagen" in rule for rule in protocol.rules)


def test_an_overdue_evaluation_is_called_overdue_not_next() -> None:
    """'Eerstvolgende evaluatie: 20-11-2026 (11 dagen te laat)' while 10-12-2026 was the next
    one to come (show, 01-12-2026)."""
    session = run_meeting(
        agreements=[
            agreement("Taakkaart", evaluation_date=date(2026, 12, 10)),
            agreement("Ouders bellen", evaluation_date=date(2026, 11, 20)),
        ]
    )
    assert "Evaluatie te laat: 20-11-2026 (11 dagen); daarna 10-12-2026 (over 9 dagen)" in (
        terminal_text(session)
    )
    assert "Eerstvolgende" not in terminal_text(session)


@given(
    offsets=st.lists(st.integers(min_value=-400, max_value=400), min_size=1, max_size=5),
)
def test_the_evaluation_line_names_every_late_date_and_only_a_coming_one_as_next(
    offsets: list[int],
) -> None:
    today = date(2026, 12, 1)
    dates = sorted({date.fromordinal(today.toordinal() + o) for o in offsets})
    line = evaluation_line(dates, today)
    assert line is not None
    text = line.plain
    late = [d for d in dates if d < today]
    coming = [d for d in dates if d >= today]
    assert text.startswith("Evaluatie te laat: " if late else "Eerstvolgende evaluatie: ")
    for when in late:
        assert f"{when:%d-%m-%Y} ({(today - when).days} dag" in text
    if coming:
        assert f"{coming[0]:%d-%m-%Y} (" in text
        assert "te laat" not in text.split(f"{coming[0]:%d-%m-%Y}")[1]
    assert all(f"{d:%d-%m-%Y}" not in text for d in coming[1:])


@given(seconds=st.lists(st.floats(min_value=0, max_value=3599.99), min_size=4, max_size=4))
def test_the_documented_total_is_the_sum_of_the_phase_times_shown(seconds: list[float]) -> None:
    session = run_meeting(minutes=[s / 60 for s in seconds])
    doc = document_of(session)
    shown = sum(_seconds(clock(p.actual_seconds)) for p in doc.phases)
    assert f"werkelijk {clock(shown)}." in render_markdown(session)
