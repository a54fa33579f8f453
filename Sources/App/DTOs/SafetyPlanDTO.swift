import Vapor

/// The Stanley-Brown Safety Planning Intervention's six steps, plus reasons for living, as the
/// page sends and reads them (`PUT/GET /api/me/safety-plan`). Short texts, short lists: a plan is
/// read in a bad moment, at a glance.
struct SafetyPlanDTO: Content, Equatable {
    struct Person: Content, Equatable {
        var name: String
        var phone: String?
    }

    var warning_signs: [String]
    var coping_strategies: [String]
    var distractions: [String]
    var people_to_ask: [Person]
    var professionals: [Person]
    var making_safe: [String]
    var reasons_for_living: [String]
    var updated_at: Date?

    static let maxItems = 10
    static let maxTextLength = 200
    static let maxNameLength = 100
    static let maxPhoneLength = 30

    /// Trimmed, empty entries dropped, and checked; the error names the step and the problem.
    func validated() throws -> SafetyPlanDTO {
        func texts(_ items: [String], _ field: String) throws -> [String] {
            let kept = items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            guard kept.count <= Self.maxItems else { throw Self.invalid("\(field) has more than \(Self.maxItems) items.") }
            if let long = kept.first(where: { $0.count > Self.maxTextLength }) {
                throw Self.invalid("An item in \(field) is longer than \(Self.maxTextLength) characters (\(long.count)).")
            }
            return kept
        }
        func people(_ items: [Person], _ field: String) throws -> [Person] {
            let kept = items.map { Person(name: $0.name.trimmingCharacters(in: .whitespacesAndNewlines),
                                          phone: $0.phone?.trimmingCharacters(in: .whitespaces)) }
                .filter { !$0.name.isEmpty || !($0.phone ?? "").isEmpty }
                .map { Person(name: $0.name, phone: ($0.phone ?? "").isEmpty ? nil : $0.phone) }
            guard kept.count <= Self.maxItems else { throw Self.invalid("\(field) has more than \(Self.maxItems) people.") }
            for person in kept {
                guard !person.name.isEmpty, person.name.count <= Self.maxNameLength else {
                    throw Self.invalid("Each person in \(field) needs a name of 1 to \(Self.maxNameLength) characters.")
                }
                if let phone = person.phone {
                    let allowed = Set("0123456789 +-()")
                    guard phone.count <= Self.maxPhoneLength, phone.allSatisfy(allowed.contains), phone.contains(where: \.isNumber) else {
                        throw Self.invalid("The phone number for \(person.name) in \(field) should be digits (spaces, + - ( ) allowed), at most \(Self.maxPhoneLength) characters.")
                    }
                }
            }
            return kept
        }
        let plan = SafetyPlanDTO(
            warning_signs: try texts(warning_signs, "warning_signs"),
            coping_strategies: try texts(coping_strategies, "coping_strategies"),
            distractions: try texts(distractions, "distractions"),
            people_to_ask: try people(people_to_ask, "people_to_ask"),
            professionals: try people(professionals, "professionals"),
            making_safe: try texts(making_safe, "making_safe"),
            reasons_for_living: try texts(reasons_for_living, "reasons_for_living"),
            updated_at: nil)
        guard plan.itemCount > 0 else { throw Self.invalid("The plan is empty: write at least one thing in any step.") }
        return plan
    }

    var itemCount: Int {
        warning_signs.count + coping_strategies.count + distractions.count + people_to_ask.count + professionals.count
            + making_safe.count + reasons_for_living.count
    }

    private static func invalid(_ message: String) -> APIError {
        APIError(status: .unprocessableEntity, code: "invalid_safety_plan", message: message)
    }

    /// Missing lists read as empty, so a page can send only the steps it has.
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        warning_signs = try c.decodeIfPresent([String].self, forKey: .warning_signs) ?? []
        coping_strategies = try c.decodeIfPresent([String].self, forKey: .coping_strategies) ?? []
        distractions = try c.decodeIfPresent([String].self, forKey: .distractions) ?? []
        people_to_ask = try c.decodeIfPresent([Person].self, forKey: .people_to_ask) ?? []
        professionals = try c.decodeIfPresent([Person].self, forKey: .professionals) ?? []
        making_safe = try c.decodeIfPresent([String].self, forKey: .making_safe) ?? []
        reasons_for_living = try c.decodeIfPresent([String].self, forKey: .reasons_for_living) ?? []
        updated_at = nil
    }

    init(warning_signs: [String], coping_strategies: [String], distractions: [String], people_to_ask: [Person],
         professionals: [Person], making_safe: [String], reasons_for_living: [String], updated_at: Date?) {
        self.warning_signs = warning_signs
        self.coping_strategies = coping_strategies
        self.distractions = distractions
        self.people_to_ask = people_to_ask
        self.professionals = professionals
        self.making_safe = making_safe
        self.reasons_for_living = reasons_for_living
        self.updated_at = updated_at
    }
}
