"""The default look: high contrast, because a projector washes out subtle colours."""

from textual.app import App
from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="intervisie-contrast",
    primary="#FFD400",
    secondary="#4FC3F7",
    accent="#FFD400",
    foreground="#FFFFFF",
    background="#000000",
    surface="#0D0D0D",
    panel="#1C1C1C",
    success="#3DDC84",
    warning="#FFB000",
    error="#FF4D4D",
    dark=True,
)


def start_with_theme(app: App[object], theme: Theme = HIGH_CONTRAST) -> None:
    """Make ``theme`` the one the stylesheets are first parsed with; call it in ``__init__``.

    Setting ``app.theme`` runs its watcher, which parses every stylesheet once more (about a
    tenth of the time to the first frame); before anything is parsed or styled, its variables
    and the dark or light mode are all there is to set. Choosing another theme later works as
    usual."""
    app.register_theme(theme)
    app.set_reactive(App.theme, theme.name)
    app.set_class(theme.dark, "-dark-mode", update=False)
    app.set_class(not theme.dark, "-light-mode", update=False)
    app.stylesheet.set_variables(app.get_css_variables())
