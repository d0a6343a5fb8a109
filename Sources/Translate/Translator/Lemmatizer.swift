/// Candidate base forms of an English word by regular inflection rules (`stopped` → `stop`,
/// `studies` → `study`), tried only when ECDICT's own word-form table has no answer.
enum Lemmatizer {
    /// Candidates, most likely first; the word itself is not included. `verbsOnly` keeps
    /// the rules of verb forms (`-s`, `-ed`, `-ing`), as a phrase's leading verb needs them.
    static func candidates(_ word: String, verbsOnly: Bool = false) -> [String] {
        let w = word.lowercased()
        var out: [String] = []
        func strip(_ suffix: String, add: String = "") {
            guard w.hasSuffix(suffix), w.count > suffix.count + 1 else { return }
            out.append(String(w.dropLast(suffix.count)) + add)
        }
        func undouble(_ suffix: String) {
            guard w.hasSuffix(suffix) else { return }
            let stem = Array(w.dropLast(suffix.count))
            if stem.count >= 3, stem[stem.count - 1] == stem[stem.count - 2] { out.append(String(stem.dropLast())) }
        }
        if !verbsOnly { strip("'s") }
        strip("ies", add: "y"); strip("es"); strip("s")
        strip("ied", add: "y"); undouble("ed"); strip("ed"); strip("ed", add: "e"); strip("d")
        undouble("ing"); strip("ing"); strip("ing", add: "e")
        if !verbsOnly {
            strip("ier", add: "y"); strip("iest", add: "y")
            undouble("er"); undouble("est"); strip("er"); strip("est"); strip("r"); strip("st")
            strip("ly"); strip("ily", add: "y")
        }
        var seen = Set<String>()
        return out.filter { !$0.isEmpty && $0 != w && seen.insert($0).inserted }
    }
}
