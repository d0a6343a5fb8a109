import Foundation

/// An optional online translation service, from the `[translate]` table of the config.
/// The offline dictionary always answers first; an online answer is shown after it.
public struct OnlineBackend: Hashable, Sendable {
    /// The kinds of service spoken.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// LibreTranslate: `POST {url}/translate` with `{q, source, target, format}`.
        case libreTranslate = "libretranslate"
        /// An OpenAI-compatible chat endpoint (OpenAI, a local Ollama at
        /// `http://localhost:11434/v1`, llama.cpp's server…): `POST {url}/chat/completions`.
        case openAI = "openai"
    }

    public var kind: Kind
    /// The service's base URL (`http://localhost:5000`, `http://localhost:11434/v1`).
    public var url: URL
    /// Sent as LibreTranslate's `api_key` or as `Authorization: Bearer` for chat endpoints.
    public var apiKey: String?
    /// The chat model (`gpt-4o-mini`, `qwen2.5:3b`); unused by LibreTranslate.
    public var model: String?
    /// Seconds before the request is abandoned with `.timedOut`.
    public var timeout: Double

    public init(kind: Kind, url: URL, apiKey: String? = nil, model: String? = nil, timeout: Double = 10) {
        self.kind = kind
        self.url = url
        self.apiKey = apiKey
        self.model = model
        self.timeout = timeout
    }

    /// A human name for messages.
    public var name: String {
        switch kind {
        case .libreTranslate: "LibreTranslate"
        case .openAI: "chat endpoint" + (model.map { " (\($0))" } ?? "")
        }
    }
}

/// Why an online translation failed, worded for the user.
public enum OnlineError: Error, Equatable, Sendable, CustomStringConvertible {
    case timedOut(service: String, seconds: Double)
    case unreachable(service: String, detail: String)
    case httpStatus(service: String, status: Int, message: String)
    case badResponse(service: String, detail: String)
    case misconfigured(String)

    public var description: String {
        switch self {
        case .timedOut(let s, let seconds): "\(s) did not answer within \(Self.format(seconds)) s"
        case .unreachable(let s, let detail): "cannot reach \(s): \(detail)"
        case .httpStatus(let s, let status, let message):
            "\(s) answered HTTP \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .badResponse(let s, let detail): "\(s) sent an answer that is not a translation (\(detail))"
        case .misconfigured(let m): "online translation is misconfigured: \(m)"
        }
    }

    private static func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}

/// An HTTP request to send, built without any I/O so it can be checked in tests.
public struct OnlineRequest: Equatable, Sendable {
    public var url: URL
    public var headers: [String: String]
    public var body: Data
}

extension OnlineBackend {
    /// The system prompt for chat endpoints.
    static let prompt = "Translate the user's English text into Simplified Chinese. "
        + "Reply with the translation only, no explanations, no quotes."

    /// The request that asks this service to translate `text` from English into Chinese.
    public func request(for text: String) throws(OnlineError) -> OnlineRequest {
        var headers = ["Content-Type": "application/json", "Accept": "application/json"]
        let object: [String: Any]
        let endpoint: URL
        switch kind {
        case .libreTranslate:
            endpoint = url.appendingPathComponent("translate")
            var o: [String: Any] = ["q": text, "source": "en", "target": "zh", "format": "text"]
            if let apiKey { o["api_key"] = apiKey }
            object = o
        case .openAI:
            guard let model, !model.isEmpty else { throw .misconfigured("`model` is required for an openai backend") }
            endpoint = url.appendingPathComponent("chat").appendingPathComponent("completions")
            if let apiKey { headers["Authorization"] = "Bearer \(apiKey)" }
            object = ["model": model, "stream": false, "temperature": 0,
                      "messages": [["role": "system", "content": Self.prompt], ["role": "user", "content": text]]]
        }
        guard let body = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            throw .misconfigured("the text cannot be encoded as JSON")
        }
        return OnlineRequest(url: endpoint, headers: headers, body: body)
    }

    /// The translation in a response, or the service's own error message.
    public func translation(status: Int, body: Data) throws(OnlineError) -> String {
        let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
        guard (200..<300).contains(status) else {
            let message = (json?["error"] as? String)
                ?? ((json?["error"] as? [String: Any])?["message"] as? String)
                ?? String(decoding: body.prefix(1024), as: UTF8.self)
            throw .httpStatus(service: name, status: status, message: Self.shortened(message))
        }
        guard let json else { throw .badResponse(service: name, detail: "not a JSON object") }
        let text: String?
        switch kind {
        case .libreTranslate:
            text = json["translatedText"] as? String
        case .openAI:
            let choices = json["choices"] as? [[String: Any]]
            text = (choices?.first?["message"] as? [String: Any])?["content"] as? String
        }
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw .badResponse(service: name, detail: kind == .libreTranslate ? "no translatedText" : "no choices[0].message.content")
        }
        return text
    }

    /// The longest service message shown, in characters: an error page or a JSON `error` of
    /// any size becomes one readable line in the panel.
    public static let maxMessageLength = 200

    /// `message` on one line (every run of spaces, tabs and line breaks one space), cut at
    /// `maxMessageLength` with an ellipsis.
    static func shortened(_ message: String) -> String {
        let flat = message.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > maxMessageLength else { return flat }
        return String(flat.prefix(maxMessageLength - 1)) + "…"
    }
}
