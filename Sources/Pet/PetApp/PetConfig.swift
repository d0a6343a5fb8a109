import PetCore
import ScreenCore

/// How the pet runs: from the config file, overridden by flags.
public struct PetConfig: Sendable {
    /// Force a colour depth instead of detecting it.
    public var mode: ColorDepth?
    /// Tunables of the pet's behaviour.
    public var behaviour = BehaviourConfig()
    /// The skin to start with (`tachikoma` is the bundled art).
    public var skin = "tachikoma"
    public var quiet = false
    /// Whether friends' pets may visit (`visits` in the config).
    public var visits = true
    /// Degrees the skin's colours are turned by (`hue` in the config), 0–359.
    public var hue = 0
    /// Seed for the pet's random choices; 0 picks one from the clock.
    public var seed: UInt64 = 0
    /// The config file read (`--config`), so every part reads its table from the same file;
    /// nil for the default path.
    public var configPath: String?
    /// Where screenshots go; the XDG pictures folder's `tachikoma/` when nil.
    public var screenshotDirectory: String?
    /// Seconds without input before the pet quizzes a word from the word book
    /// (`quiz_after_idle`); nil: no quizzes.
    public var quizAfterIdle: Double? = 600

    public init() {}
}
