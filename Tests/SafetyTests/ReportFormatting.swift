/// Number and column formatting shared by the evaluation reports.
protocol ReportFormatting {}

extension ReportFormatting {
    func ratio(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// "96.6%", or "n/a" when there was nothing to count.
    func percent(_ value: Double?) -> String {
        guard let value else { return "n/a" }
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
