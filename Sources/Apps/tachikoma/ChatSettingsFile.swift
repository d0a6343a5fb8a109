import FileIO
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ChatCore
import ChatSettingsTOML
import ChatUI
import Foundation
import UserDirectories

/// The chat's settings file, `$XDG_CONFIG_HOME/tachikoma/chat.toml`, written with mode 0600
/// (it may hold SCRAM keys) through a temporary file and a rename, so it is never half written.
/// The password is never written: "remember me" keeps `scram_salt`, `scram_iterations`,
/// `scram_client_key` and `scram_server_key` (base64). A `password` in an older file is
/// read, and the file is rewritten without it at the next SCRAM login.
enum ChatSettingsFile {
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        UserDirectories(environment: environment).tachikomaConfig + "/chat.toml"
    }

    /// Reads the settings; missing file → defaults; a broken file → defaults and the reason.
    static func load(path: String = path()) -> (ChatSettings, String?) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (ChatSettings(), nil) }
        return ChatSettingsTOML.parse(text, path: path)
    }

    /// Writes the settings (the keys only when `remember` is set; never the password).
    static func save(_ s: ChatSettings, path: String = path()) throws {
        func q(_ v: String) -> String {
            var out = "\""
            for u in v.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                default:
                    if u.value < 0x20 || u.value == 0x7F {
                        out += String(format: "\\u%04X", u.value)
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            return out + "\""
        }
        var text = "# Tachikoma chat settings (written by the app; mode 0600 because of the login keys)\n"
        text += "server = \(q(s.server))\nnick = \(q(s.nick))\nremember = \(s.remember)\n"
        // Never the password: SCRAM-SHA-256's salted keys stand in for it.
        if s.remember && (s.isAccount || !s.password.isEmpty || s.scramKeys != nil) { text += "account = true\n" }
        if s.remember, let k = s.scramKeys {
            text += "scram_salt = \(q(k.saltBase64))\nscram_iterations = \(k.iterations)\n"
            text += "scram_client_key = \(q(k.clientKeyBase64))\nscram_server_key = \(q(k.serverKeyBase64))\n"
        }
        text += "friends = [\(s.friends.map(q).joined(separator: ", "))]\n"
        text += "channels = [\(s.channels.map(q).joined(separator: ", "))]\n"
        if !s.trustRoots.isEmpty { text += "tls_ca = \(q(s.trustRoots))\n" }
        if s.serverTimeout != ChatConfig.defaultServerTimeout {
            text += "server_timeout = \(s.serverTimeout.rounded() == s.serverTimeout ? String(Int(s.serverTimeout)) : String(s.serverTimeout))\n"
        }
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // 0600 from its first byte: the file may hold login keys.
        try AtomicFile.replace(path, with: Array(text.utf8), mode: 0o600, exactMode: true)
    }
}
