import CFaceVision

extension FaceFrame {
    /// Copies a native frame result into Swift values.
    init(native r: cfv_frame_result, time: Double) {
        var boxes: [FaceBox] = []
        withUnsafeBytes(of: r.boxes) { raw in
            let all = raw.bindMemory(to: cfv_box.self)
            for i in 0..<Int(min(r.box_count, CFV_MAX_BOXES)) { boxes.append(FaceBox(native: all[i])) }
        }
        self.init(
            width: Int(r.width), height: Int(r.height), faceCount: Int(r.face_count), boxes: boxes,
            primary: r.has_primary != 0 ? FaceObservation(native: r.primary) : nil,
            sampleIndex: Int(r.sample_index), time: time
        )
    }
}

extension FaceBox {
    init(native b: cfv_box) {
        self.init(x: Double(b.x), y: Double(b.y), width: Double(b.width), height: Double(b.height), confidence: Double(b.confidence))
    }
}

extension FaceObservation {
    init(native m: cfv_face_measurement) {
        var landmarks: [Point] = []
        if m.has_landmarks != 0 {
            withUnsafeBytes(of: m.landmarks) { raw in
                let v = raw.bindMemory(to: Float.self)
                landmarks = (0..<Int(CFV_LANDMARK_COUNT)).map { Point(x: Double(v[2 * $0]), y: Double(v[2 * $0 + 1])) }
            }
        }
        var emotion: [Double]?
        if m.has_emotion != 0 {
            emotion = withUnsafeBytes(of: m.emotion) { raw in raw.bindMemory(to: Float.self).map(Double.init) }
        }
        self.init(
            box: FaceBox(native: m.box),
            landmarks: landmarks,
            emotion: emotion,
            pose: m.has_pose != 0 ? Pose(yaw: Double(m.yaw), pitch: Double(m.pitch), roll: Double(m.roll)) : nil,
            eyeAspectLeft: m.has_landmarks != 0 ? Double(m.eye_aspect_left) : nil,
            eyeAspectRight: m.has_landmarks != 0 ? Double(m.eye_aspect_right) : nil,
            pupilLeft: m.has_gaze_left != 0 ? PupilOffset(x: Double(m.gaze_left_x), y: Double(m.gaze_left_y)) : nil,
            pupilRight: m.has_gaze_right != 0 ? PupilOffset(x: Double(m.gaze_right_x), y: Double(m.gaze_right_y)) : nil
        )
    }
}
