/// The guard's answer for one question.
///
/// `evidence` is the normalised words that matched (after homoglyphs, leetspeak and spacing are
/// undone), short enough for a log line or a metric exemplar; it is never the raw question.
public enum PromptVerdict: Sendable, Hashable {
    case clean
    case suspect(PromptThreat, evidence: String)

    /// The threat when suspect, `nil` when clean.
    public var threat: PromptThreat? {
        switch self {
        case .clean: return nil
        case .suspect(let threat, _): return threat
        }
    }

    public var isSuspect: Bool { threat != nil }
}
