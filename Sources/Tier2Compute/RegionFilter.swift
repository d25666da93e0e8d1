/// What narrows an ambiguous place name: a US state or Canadian province (by code or name) or a
/// country. "CA" is California, as people write it; Canada is spelled out.
public enum RegionFilter: Sendable, Equatable {
    case region(code: String, country: String)
    case country(String)

    func admits(_ place: Place) -> Bool {
        switch self {
        case .region(let code, let country): return place.region == code && place.country == country
        case .country(let country): return place.country == country
        }
    }

    /// The filter a folded key names ("co", "colorado", "british columbia", "canada"), if any.
    public static func named(_ key: String) -> RegionFilter? { table[key] }

    private static let table: [String: RegionFilter] = {
        var table: [String: RegionFilter] = [:]
        let us: [(String, String)] = [
            ("AL", "Alabama"), ("AK", "Alaska"), ("AZ", "Arizona"), ("AR", "Arkansas"), ("CA", "California"),
            ("CO", "Colorado"), ("CT", "Connecticut"), ("DE", "Delaware"), ("DC", "District of Columbia"),
            ("FL", "Florida"), ("GA", "Georgia"), ("HI", "Hawaii"), ("ID", "Idaho"), ("IL", "Illinois"),
            ("IN", "Indiana"), ("IA", "Iowa"), ("KS", "Kansas"), ("KY", "Kentucky"), ("LA", "Louisiana"),
            ("ME", "Maine"), ("MD", "Maryland"), ("MA", "Massachusetts"), ("MI", "Michigan"), ("MN", "Minnesota"),
            ("MS", "Mississippi"), ("MO", "Missouri"), ("MT", "Montana"), ("NE", "Nebraska"), ("NV", "Nevada"),
            ("NH", "New Hampshire"), ("NJ", "New Jersey"), ("NM", "New Mexico"), ("NY", "New York"),
            ("NC", "North Carolina"), ("ND", "North Dakota"), ("OH", "Ohio"), ("OK", "Oklahoma"), ("OR", "Oregon"),
            ("PA", "Pennsylvania"), ("RI", "Rhode Island"), ("SC", "South Carolina"), ("SD", "South Dakota"),
            ("TN", "Tennessee"), ("TX", "Texas"), ("UT", "Utah"), ("VT", "Vermont"), ("VA", "Virginia"),
            ("WA", "Washington"), ("WV", "West Virginia"), ("WI", "Wisconsin"), ("WY", "Wyoming"),
        ]
        let canada: [(String, String)] = [
            ("AB", "Alberta"), ("BC", "British Columbia"), ("MB", "Manitoba"), ("NB", "New Brunswick"),
            ("NL", "Newfoundland and Labrador"), ("NS", "Nova Scotia"), ("NT", "Northwest Territories"),
            ("NU", "Nunavut"), ("ON", "Ontario"), ("PE", "Prince Edward Island"), ("QC", "Quebec"),
            ("SK", "Saskatchewan"), ("YT", "Yukon"),
        ]
        for (code, name) in us {
            table[TextFolding.key(code)] = .region(code: code, country: "US")
            table[TextFolding.key(name)] = .region(code: code, country: "US")
        }
        for (code, name) in canada {
            table[TextFolding.key(code)] = .region(code: code, country: "CA")
            table[TextFolding.key(name)] = .region(code: code, country: "CA")
        }
        table["newfoundland"] = .region(code: "NL", country: "CA")
        table["pei"] = .region(code: "PE", country: "CA")
        for key in ["us", "usa", "united states", "united states of america", "america", "eeuu", "estados unidos"] {
            table[key] = .country("US")
        }
        table["canada"] = .country("CA")
        for key in ["mexico", "mx"] { table[key] = .country("MX") }
        return table
    }()
}
