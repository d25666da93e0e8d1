/// Values used when a question leaves them out. They are configuration; an answer that used one
/// says so in its `assumptions`.
public struct ComputeDefaults: Sendable, Equatable {
    public var speedMph: Double
    public var mpg: Double
    public var pricePerGallon: Double

    public init(speedMph: Double = 55, mpg: Double = 10, pricePerGallon: Double = 3.50) {
        self.speedMph = speedMph
        self.mpg = mpg
        self.pricePerGallon = pricePerGallon
    }
}
