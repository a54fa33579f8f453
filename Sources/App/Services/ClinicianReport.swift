import Foundation
import Mood

/// The print-ready page a person can bring to their doctor (`GET /report`): who and what period,
/// PHQ-9 and GAD-7 over time with their bands and what the changes mean, check-in cues, the daily
/// log in summary, crisis events by date (never their words), and the method's limits. Plain
/// HTML and an SVG chart drawn here: it prints the same in any browser, with no script.
struct ClinicianReport {
    struct CheckIn {
        var date: Date
        var mediaType: String
        var overallScore: Double?
        var dominantEmotion: String?
        var eyeContact: Double?
        var cueLevel: String
    }

    struct CrisisEvent {
        var date: Date
        var level: String
        var source: String
    }

    var who: String
    var since: Date?
    var generated: Date
    var phq9: QuestionnaireProgress
    var gad7: QuestionnaireProgress
    var checkIns: [CheckIn]
    var dailyDays: Int
    var meanMood: Double?
    var meanSleep: Double?
    var associations: [String]
    var crisisEvents: [CrisisEvent]

    var html: String {
        let period = since.map { "\(Self.day($0)) to \(Self.day(generated))" } ?? "no records yet"
        var body = """
            <header class="report-header">
            <h1>depressoAssist: a summary for a clinician</h1>
            <p><strong>\(Self.escape(who))</strong> · records from \(period) · generated \(Self.day(generated))</p>
            <p class="no-print"><button type="button" id="print-report" data-testid="print-report">Print or save as PDF</button> \
            (or use your browser's Print and choose "Save as PDF")</p>
            </header>
            """
        body += section(questionnaire: phq9, name: "PHQ-9 (depression)", max: 27, bands: [(5, "mild"), (10, "moderate"), (15, "moderately severe"), (20, "severe")])
        body += section(questionnaire: gad7, name: "GAD-7 (anxiety)", max: 21, bands: [(5, "mild"), (10, "moderate"), (15, "severe")])
        body += "<section><h2>Photo and video check-ins</h2>"
        if checkIns.isEmpty {
            body += "<p>No check-ins.</p>"
        } else {
            body += "<table><thead><tr><th>Date</th><th>Type</th><th>Overall cue score</th><th>Dominant emotion</th><th>Eye contact</th><th>Cue level</th></tr></thead><tbody>"
            for c in checkIns {
                body += "<tr><td>\(Self.day(c.date))</td><td>\(Self.escape(c.mediaType))</td><td>\(c.overallScore.map { String(format: "%.2f", $0) } ?? "not measured")</td>"
                    + "<td>\(Self.escape(c.dominantEmotion ?? "not measured"))</td><td>\(c.eyeContact.map { String(format: "%.2f", $0) } ?? "not measured")</td><td>\(Self.escape(c.cueLevel))</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += "</section><section><h2>Daily log</h2>"
        if dailyDays == 0 {
            body += "<p>No days logged.</p>"
        } else {
            body += "<p>\(dailyDays) days logged; mood averaged \(meanMood.map { String(format: "%.1f", $0) } ?? "-") of 5, sleep \(meanSleep.map { String(format: "%.1f", $0) } ?? "-") hours.</p>"
            if !associations.isEmpty {
                body += "<ul>" + associations.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul><p class=\"small\">\(DailyAssociations.note)</p>"
            }
        }
        body += "</section><section><h2>Crisis events</h2>"
        if crisisEvents.isEmpty {
            body += "<p>None recorded.</p>"
        } else {
            body += "<p class=\"small\">When the app's screen found signs of risk: the date, level and where (chat, questionnaire, check-in); never the person's words.</p>"
            body += "<table><thead><tr><th>Date</th><th>Level</th><th>Where</th></tr></thead><tbody>"
            for e in crisisEvents {
                body += "<tr><td>\(Self.day(e.date))</td><td>\(Self.escape(e.level))</td><td>\(Self.escape(e.source))</td></tr>"
            }
            body += "</tbody></table>"
        }
        body += """
            </section><section><h2>Method and limits</h2>
            <p>PHQ-9 (Kroenke et al. 2001) and GAD-7 (Spitzer et al. 2006) are self-report questionnaires, scored as \
            published. Response: the latest score at least 50% below the first; remission: below 5; reliable change: 6 points \
            (PHQ-9) or 4 (GAD-7), as NHS Talking Therapies use them; minimal clinically important difference 5 points on the \
            PHQ-9 (Löwe et al. 2004). Check-in cues are measured from facial images by automated models (expression, eye \
            contact, expressivity): they are screening cues with known error, not a diagnosis, and lighting, camera and \
            culture affect them. Crisis events come from an automated screen of chat messages that is neither complete nor \
            free of false alarms. The daily log is the person's own record; patterns in it are observations, not causes. \
            This summary supports, and does not replace, a clinical assessment.</p></section>
            """
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>depressoAssist summary</title><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/css/report.css"></head>
            <body><main class="report">\(body)</main><script type="module" src="/js/report.js"></script></body></html>
            """
    }

    private func section(questionnaire p: QuestionnaireProgress, name: String, max: Int, bands: [(Int, String)]) -> String {
        var html = "<section><h2>\(name)</h2>"
        guard !p.history.isEmpty else { return html + "<p>Not answered.</p></section>" }
        html += "<p>\(Self.escape(p.summary))</p>"
        html += chart(p.history, max: max, bands: bands, label: name)
        html += "<table><thead><tr><th>Date</th><th>Score</th><th>Band</th><th>Change from first</th></tr></thead><tbody>"
        for point in p.history {
            let change = point.score - p.history[0].score
            let mark = point.date == p.history[0].date ? "first" : (change > 0 ? "+\(change)" : "\(change)")
                + (abs(change) >= QuestionnaireProgress.reliableChange(p.kind) ? (change < 0 ? " (reliable improvement)" : " (reliable worsening)") : "")
            html += "<tr><td>\(Self.day(point.date))</td><td>\(point.score)</td><td>\(point.severity.label)</td><td>\(mark)</td></tr>"
        }
        return html + "</tbody></table></section>"
    }

    private func chart(_ points: [QuestionnaireProgress.Point], max: Int, bands: [(Int, String)], label: String) -> String {
        let width = 640.0, height = 180.0, left = 36.0, right = 12.0, top = 10.0, bottom = 24.0
        let span = Swift.max(points.last!.date.timeIntervalSince(points.first!.date), 1)
        func x(_ date: Date) -> Double {
            points.count == 1 ? left + (width - left - right) / 2 : left + (width - left - right) * date.timeIntervalSince(points.first!.date) / span
        }
        func y(_ score: Int) -> Double { top + (height - top - bottom) * (1 - Double(score) / Double(max)) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(Self.escape(label)) scores over time\">"
        for (threshold, band) in bands {
            svg += "<line class=\"band\" x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(threshold))\" y2=\"\(y(threshold))\"/>"
                + "<text class=\"band-label\" x=\"\(width - right - 2)\" y=\"\(y(threshold) - 2)\" text-anchor=\"end\">\(band) ≥ \(threshold)</text>"
        }
        svg += "<text class=\"axis\" x=\"4\" y=\"\(y(max) + 8)\">\(max)</text><text class=\"axis\" x=\"4\" y=\"\(y(0))\">0</text>"
        let path = points.map { String(format: "%.1f,%.1f", x($0.date), y($0.score)) }.joined(separator: " ")
        svg += "<polyline class=\"series\" points=\"\(path)\"/>"
        for point in points {
            svg += String(format: "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>", x(point.date), y(point.score))
                + String(format: "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>", x(point.date), y(point.score) - 8, point.score)
        }
        svg += "<text class=\"axis\" x=\"\(left)\" y=\"\(height - 6)\">\(Self.day(points.first!.date))</text>"
            + "<text class=\"axis\" x=\"\(width - right)\" y=\"\(height - 6)\" text-anchor=\"end\">\(Self.day(points.last!.date))</text>"
        return svg + "</svg>"
    }

    static func day(_ date: Date) -> String { MoodTimeline.dayKey(date) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
