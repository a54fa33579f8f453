/// Facial expressivity over time, in the spirit of OpenWillis' facial expressivity: how much the
/// expressive landmarks move once head motion is removed.
///
/// For each pair of consecutive samples (at most `maxMotionGap` s apart, both with landmarks) the
/// later face is aligned to the earlier one by a similarity transform (rotation, scale, translation)
/// fitted on rigid points (nose 27-35, eye corners 36/39/42/45); the mean displacement of the
/// expressive points (brows 17-26, lids, mouth 48-67) is divided by the inter-ocular distance and by
/// the time between samples. Expressivity is the mean over pairs. Girard et al. 2014 also report less
/// head motion with severity, measured here as head rotation speed (reported, not scored).
struct ExpressivityMeter {
    var maxGap: Double

    struct Result: Equatable {
        var expressivity: Double?
        var headRotationSpeed: Double?
        var pairs: Int
    }

    static let rigid = Array(27...35) + [36, 39, 42, 45]
    static let expressive = Array(17...26) + [37, 38, 40, 41, 43, 44, 46, 47] + Array(48...67)

    func measure(_ frames: [FaceFrame]) -> Result {
        var motions: [Double] = []
        var rotations: [Double] = []
        for (a, b) in zip(frames, frames.dropFirst()) {
            guard let fa = a.primary, let fb = b.primary else { continue }
            let dt = b.time - a.time
            guard dt > 0, dt <= maxGap else { continue }
            if let pa = fa.pose, let pb = fb.pose {
                let d = ((pb.yaw - pa.yaw) * (pb.yaw - pa.yaw) + (pb.pitch - pa.pitch) * (pb.pitch - pa.pitch)
                    + (pb.roll - pa.roll) * (pb.roll - pa.roll)).squareRoot()
                rotations.append(d / dt)
            }
            guard let iod = fa.interocularDistance, fb.landmarks.count == 68 else { continue }
            let aligned = Self.align(fb.landmarks, to: fa.landmarks)
            var sum = 0.0
            for i in Self.expressive {
                let dx = aligned[i].x - fa.landmarks[i].x, dy = aligned[i].y - fa.landmarks[i].y
                sum += (dx * dx + dy * dy).squareRoot()
            }
            motions.append(sum / Double(Self.expressive.count) / iod / dt)
        }
        return Result(expressivity: mean(motions), headRotationSpeed: mean(rotations), pairs: motions.count)
    }

    /// Least-squares similarity transform of `points` onto `target`, fitted on the rigid points.
    static func align(_ points: [FaceObservation.Point], to target: [FaceObservation.Point]) -> [FaceObservation.Point] {
        let n = Double(rigid.count)
        var (px, py, qx, qy) = (0.0, 0.0, 0.0, 0.0)
        for i in rigid { px += points[i].x; py += points[i].y; qx += target[i].x; qy += target[i].y }
        (px, py, qx, qy) = (px / n, py / n, qx / n, qy / n)
        var (a, b, norm) = (0.0, 0.0, 0.0)
        for i in rigid {
            let x = points[i].x - px, y = points[i].y - py
            let u = target[i].x - qx, v = target[i].y - qy
            a += x * u + y * v
            b += x * v - y * u
            norm += x * x + y * y
        }
        guard norm > 0 else { return points }
        let (c, s) = (a / norm, b / norm)  // scale * cos, scale * sin
        return points.map { p in
            let x = p.x - px, y = p.y - py
            return FaceObservation.Point(x: c * x - s * y + qx, y: s * x + c * y + qy)
        }
    }

    private func mean(_ v: [Double]) -> Double? { v.isEmpty ? nil : v.reduce(0, +) / Double(v.count) }
}
