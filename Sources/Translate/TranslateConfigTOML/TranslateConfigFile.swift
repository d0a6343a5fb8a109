import Foundation
import TOMLKit
import TOMLPrecheck
import Translator

/// The `[translate]` table of `$XDG_CONFIG_HOME/tachikoma/config.toml`:
///
///     [translate]
///     backend = "libretranslate"       # or "openai"; absent: offline only
///     url = "http://localhost:5000"    # Ollama: "http://localhost:11434/v1"
///     api_key = "…"                    # optional
///     model = "qwen2.5:3b"             # required for "openai"
///     timeout = 10                     # seconds, 1–120
public enum TranslateConfigFile {
    /// The backend the table describes; nil when there is no `[translate]` table or no
    /// `backend` in it. Throws `OnlineError.misconfigured` naming the bad key.
    public static func backend(fromTOML text: String) throws(OnlineError) -> OnlineBackend? {
        if let problem = TOMLPrecheck.problem(in: text) { throw .misconfigured("the config is not valid TOML (\(problem))") }
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch {
            throw .misconfigured("the config is not valid TOML (\(error))")
        }
        guard let table = root["translate"]?.table else { return nil }
        let known: Set = ["backend", "url", "api_key", "model", "timeout"]
        if let unknown = table.keys.first(where: { !known.contains($0) }) {
            throw .misconfigured("unknown key translate.\(unknown) (known: \(known.sorted().joined(separator: ", ")))")
        }
        guard let name = table["backend"]?.string else { return nil }
        guard let kind = OnlineBackend.Kind(rawValue: name.lowercased()) else {
            throw .misconfigured("translate.backend must be \"libretranslate\" or \"openai\", not \"\(name)\"")
        }
        guard let urlText = table["url"]?.string, let url = URL(string: urlText),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw .misconfigured("translate.url must be an http:// or https:// URL")
        }
        let timeout = table["timeout"]?.double ?? table["timeout"]?.int.map(Double.init) ?? 10
        guard (1...120).contains(timeout) else { throw .misconfigured("translate.timeout must be 1 to 120 seconds") }
        return OnlineBackend(kind: kind, url: url, apiKey: table["api_key"]?.string,
                             model: table["model"]?.string, timeout: timeout)
    }
}
