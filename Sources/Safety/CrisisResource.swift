/// A place a person in crisis can turn to. Shown verbatim in the fixed crisis reply.
///
/// JSON keys are exactly `name`, `phone`, `sms`, `url`, `region` and, for a line that is not open
/// around the clock, `hours`, so that operators can maintain the list in a plain file (see
/// `CrisisResourceDirectory.loadingOverrides(fromFile:)`).
public struct CrisisResource: Codable, Sendable, Hashable {
    /// Name of the service, e.g. "988 Suicide & Crisis Lifeline". A resource named
    /// `CrisisResource.emergencyServicesName` is the region's emergency number.
    public var name: String
    /// Number to call, as it should be shown ("988", "116 123").
    public var phone: String?
    /// What to text, as it should be shown: a number ("988") or a keyword and number
    /// ("HOME to 741741"); the reply renders it as "text HOME to 741741".
    public var sms: String?
    public var url: String?
    /// ISO 3166-1 alpha-2 code ("US", "GB", "IE"), "EU" for all EU member states, or
    /// `CrisisResourceDirectory.internationalRegion` for resources shown everywhere.
    public var region: String
    /// Opening hours when limited ("Daily 08:00-24:00"); nil for lines open around the clock.
    public var hours: String?

    public init(name: String, phone: String? = nil, sms: String? = nil, url: String? = nil, region: String, hours: String? = nil) {
        self.name = name
        self.phone = phone
        self.sms = sms
        self.url = url
        self.region = region
        self.hours = hours
    }

    /// The conventional name marking a region's emergency number (911, 999, 112).
    public static let emergencyServicesName = "Emergency services"

    public var isEmergencyNumber: Bool { name == Self.emergencyServicesName }

    /// Digits of the phone and text numbers, used to recognise them in model output.
    var numbers: [String] {
        [phone, sms].compactMap { $0 }.map { String($0.filter(\.isNumber)) }.filter { !$0.isEmpty }
    }
}
