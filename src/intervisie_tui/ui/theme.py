"""The default look: high contrast, because a projector washes out subtle colours."""

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
