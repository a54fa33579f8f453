import Foundation

/// The account's dated records as CSV for a spreadsheet: `date,kind,name,value,detail`, one row
/// per record (a daily log entry gives a mood row, a sleep row and, if written, a note row).
struct RecordsCSV {
    struct Row {
        var date: String
        var kind: String
        var name: String
        var value: String
        var detail: String
    }

    var rows: [Row] = []

    var text: String {
        (["date,kind,name,value,detail"] + rows.sorted { $0.date < $1.date }.map { row in
            [row.date, row.kind, row.name, row.value, row.detail].map(Self.field).joined(separator: ",")
        }).joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted when it holds a comma, quote or line break; a leading = + - @ is defused with an
    /// apostrophe, so a note can never run as a formula when the file is opened (CSV injection).
    static func field(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "" }
        return ISO8601DateFormatter().string(from: date)
    }
}
