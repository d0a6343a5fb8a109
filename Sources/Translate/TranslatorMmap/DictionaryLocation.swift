#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Translator
import UserDirectories

/// Where the installed dictionary lives and how to open it: `$TACHIKOMA_DICT` if set, else
/// `$XDG_DATA_HOME/tachikoma/dict`, else `~/.local/share/tachikoma/dict` — the same rule as
/// scripts/install-dictionary.sh.
public enum DictionaryLocation {
    /// The index file's name inside the directory.
    public static let fileName = "ecdict.tkd"

    /// The directory for an environment (pass `ProcessInfo`-free dictionaries in tests).
    public static func directory(environment: [String: String]) -> String {
        if let dir = environment["TACHIKOMA_DICT"], !dir.isEmpty { return dir }
        return UserDirectories(environment: environment).tachikomaData + "/dict"
    }

    /// The process's environment as a dictionary.
    public static func processEnvironment() -> [String: String] {
        var result: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { result[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return result
    }

    /// Maps and checks the index in `directory`, ready to translate.
    public static func openTranslator(directory: String) throws(DictionaryError) -> Translator {
        let store = try MappedFile(path: directory + "/" + fileName)
        return Translator(index: try DictionaryIndex(store: store))
    }
}
