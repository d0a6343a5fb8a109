import ChatCore
import ChatUI
import TOMLKit
import TOMLPrecheck

/// Reads the text of the chat's settings file (`chat.toml`) into `ChatSettings`.
///
/// Kept apart from the file I/O in the `tachikoma` executable so that the parsing of these
/// outside bytes can be tested and fuzzed on its own (Fuzz/, issue 17). Never throws: a
/// broken file gives the defaults and a one-line reason, so the pet still starts.
public enum ChatSettingsTOML {
    /// The settings in `text` and, when something was wrong, the reason (naming `path`).
    public static func parse(_ text: String, path: String) -> (ChatSettings, String?) {
        if let problem = TOMLPrecheck.problem(in: text) {
            return (ChatSettings(), "\(path) is not valid TOML (\(problem)); using defaults")
        }
        do {
            let table = try TOMLTable(string: text)
            var s = ChatSettings()
            if let v = table["server"]?.string { s.server = v }
            if let v = table["nick"]?.string { s.nick = v }
            if let v = table["password"]?.string { s.password = v }
            if let v = table["remember"]?.bool { s.remember = v }
            if let v = table["friends"]?.array { s.friends = v.compactMap { $0.string } }
            if let v = table["channels"]?.array { s.channels = v.compactMap { $0.string } }
            if let v = table["tls_ca"]?.string { s.trustRoots = v }
            if let v = table["account"]?.bool { s.isAccount = v }
            if let v = table["server_timeout"]?.double ?? table["server_timeout"]?.int.map(Double.init), v >= 1 {
                s.serverTimeout = v
            }
            if !s.password.isEmpty { s.isAccount = true }
            var problem: String?
            let keyNames = ["scram_salt", "scram_iterations", "scram_client_key", "scram_server_key"]
            if keyNames.contains(where: { table.contains(key: $0) }) {
                s.isAccount = true
                if let salt = table["scram_salt"]?.string, let iterations = table["scram_iterations"]?.int,
                   let clientKey = table["scram_client_key"]?.string, let serverKey = table["scram_server_key"]?.string,
                   let keys = ScramClientKeys(salt: salt, iterations: iterations, clientKey: clientKey, serverKey: serverKey) {
                    s.scramKeys = keys
                } else {
                    problem = "\(path): the saved login keys (scram_*) are damaged; type your password to log in again"
                    s.loginProblem = "Password needed: the saved login keys in chat.toml are damaged."
                }
            }
            if s.remember && s.isAccount && s.password.isEmpty && s.scramKeys == nil {
                if s.loginProblem.isEmpty { s.loginProblem = "Password needed: it is never stored, and no SCRAM keys were saved." }
            }
            return (s, problem)
        } catch {
            return (ChatSettings(), "\(path) is not valid TOML; using defaults")
        }
    }
}
