import PetCore
import TerminalLoop

/// The one way into the pet's UI loop from other threads: network tasks, tool results and
/// timers post `AppEvent`s here (the terminal loop's inbox; see `LoopInbox`).
public typealias Inbox<Panels: PanelSet> = LoopInbox<AppEvent<Panels>>
