/// The one version of Tachikoma: the pet, its subcommands, the server's `--version` and what
/// the server tells clients (002, 004, 351) all read it here.
public enum TachikomaVersion {
    /// `major.minor.patch`.
    public static let string = "0.1.0"
}
