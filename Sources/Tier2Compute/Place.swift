/// One gazetteer entry (GeoNames).
public struct Place: Sendable, Equatable, Encodable {
    public let name: String
    /// US state or Canadian province code ("CO", "BC"); for Mexico the GeoNames state number.
    public let region: String
    /// ISO country code: US, CA or MX.
    public let country: String
    public let latitude: Double
    public let longitude: Double
    public let population: Int

    public init(name: String, region: String, country: String, latitude: Double, longitude: Double, population: Int) {
        self.name = name
        self.region = region
        self.country = country
        self.latitude = latitude
        self.longitude = longitude
        self.population = population
    }

    enum CodingKeys: String, CodingKey {
        case name, region, country, latitude, longitude
    }

    /// "Portland, OR" or "Banff, AB".
    public var label: String { "\(name), \(region)" }
}
