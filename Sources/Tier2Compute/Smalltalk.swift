/// `compute.smalltalk`: greetings, thanks and "what can you do", answered without the AI.
public struct Smalltalk: Sendable, Equatable, Encodable {
    public enum Kind: String, Sendable { case greeting, thanks, help }
    public let kind: Kind
    public let language: String

    public init(kind: Kind, language: String) {
        self.kind = kind
        self.language = language == "es" ? "es" : "en"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind.rawValue, forKey: .kind)
        try c.encode(language, forKey: .language)
    }

    enum CodingKeys: String, CodingKey { case kind, language }

    public var answer: String {
        switch (kind, language) {
        case (.greeting, "es"): return "¡Hola! " + Self.capabilities(es: true)
        case (.greeting, _): return "Hi! " + Self.capabilities(es: false)
        case (.thanks, "es"): return "¡De nada! Pregunta cuando quieras."
        case (.thanks, _): return "You're welcome! Ask me anything about your spending, budget, fuel or trips."
        case (.help, "es"): return Self.capabilities(es: true)
        case (.help, _): return Self.capabilities(es: false)
        }
    }

    static func capabilities(es: Bool) -> String {
        es
            ? "Puedo decirte cuánto gastaste (por categoría y periodo), cómo va tu presupuesto, tus ahorros, tus últimos gastos y tu consumo de combustible; calcular costo de combustible, distancias, tiempos de manejo, conversiones de unidades y dividir cuentas; y para planear viajes o dar consejos, consulto a la IA."
            : "I can tell you what you spent (by category and period), how your budget is doing, your savings, your recent expenses and your fuel stats; compute fuel cost, distances, drive times, unit conversions and bill splits; and for trip planning or advice I ask the AI."
    }
}
