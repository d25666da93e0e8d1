/// The constants of CATALOG.md, in one place.
public enum UnitConstants {
    public static let kilometersPerMile = 1.609344
    public static let litersPerGallon = 3.785411784
    /// mpg × L/100km = this constant (US gallons).
    public static let mpgLitersPer100kmProduct = 235.2145833
    public static let earthRadiusKm = 6371.0088
    /// Average road circuity: road distance ≈ 1.2 × great-circle distance.
    public static let roadCircuity = 1.2
    public static let metersPerFoot = 0.3048
    public static let metersPerInch = 0.0254
    public static let kilogramsPerPound = 0.45359237
}
