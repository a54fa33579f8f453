/// Turns measured frames into an `AnalysisResult`. All decisions live here and in the scorers it
/// calls; the native layer only measured. Numbers are rounded for presentation (4 decimals,
/// percentages 2) after all arithmetic, so the same frames always give the same JSON.
struct ResultBuilder {
    var policy: ScoringPolicy

    /// Container facts and counts of a sampled video.
    struct VideoFacts: Sendable, Equatable {
        var duration: Double
        var fps: Double
        var framesRead: Int
        var framesSampled: Int
        var sampledFps: Double
    }

    func image(_ frame: FaceFrame, format: MediaKind) throws(FaceAnalysisError) -> AnalysisResult {
        guard let face = frame.primary else { throw .noFaceDetected }
        guard let probabilities = face.emotion else { throw .analysisFailed(reason: "the face could not be classified") }
        var unmeasured: [UnmeasuredField] = []

        let expression = ExpressionScorer(policy: policy).scores(probabilities: probabilities, variability: nil)
        unmeasured.append(.init(field: "mood_analysis.flat_affect",
                                reason: "single image: flat affect is the neutral probability only; how much the expression varies needs a video"))

        let level = EyeContactScorer(policy: policy).level(of: face)
        if level == nil {
            unmeasured.append(.init(field: "depression_indicators.eye_contact",
                                    reason: "head pose or eye landmarks could not be measured for this face"))
        } else if level?.usedGaze == false {
            unmeasured.append(.init(field: "measurements.gaze",
                                    reason: "pupils could not be located (eyes small, closed or covered); eye contact uses head pose and eye openness only"))
        }
        unmeasured.append(.init(field: "depression_indicators.micro_expressions",
                                reason: "needs a video: expressivity is change of expression over time"))

        let eyeContact = level.map { 1 - $0.value }
        let measurements = Measurements(
            faceBox: rounded(face.box),
            headPose: face.pose.map { HeadPose(yaw: r4($0.yaw), pitch: r4($0.pitch), roll: r4($0.roll)) },
            eyeOpenness: eyeOpenness(left: face.eyeAspectLeft, right: face.eyeAspectRight),
            gaze: face.meanPupil.map { Gaze(horizontal: r4($0.x), vertical: r4($0.y)) },
            eyeContactLevel: level.map { r4($0.value) },
            video: nil
        )
        return assemble(
            probabilities: probabilities, expression: expression, eyeContact: eyeContact, microExpressions: nil,
            unmeasured: unmeasured, faces: frame.faceCount, format: format, measurements: measurements, duration: nil
        )
    }

    func video(_ frames: [FaceFrame], facts: VideoFacts, sampling: VideoSampling, format: MediaKind) throws(FaceAnalysisError) -> AnalysisResult {
        let faces = frames.compactMap(\.primary)
        if faces.isEmpty { throw .noFaceDetected }
        let required = sampling.requiredFaceFrames(sampled: frames.count)
        if faces.count < required { throw .tooFewFaceFrames(found: faces.count, required: required) }
        guard let stats = EmotionStatistics(faces.compactMap(\.emotion)) else {
            throw .analysisFailed(reason: "no face in the video could be classified")
        }
        var unmeasured: [UnmeasuredField] = []
        let expression = ExpressionScorer(policy: policy).scores(probabilities: stats.mean, variability: stats.variability)

        let scorer = EyeContactScorer(policy: policy)
        let levels = faces.compactMap { scorer.level(of: $0) }
        var eyeContact: Double?
        var eyeContactShare: Double?
        if levels.isEmpty {
            unmeasured.append(.init(field: "depression_indicators.eye_contact",
                                    reason: "head pose or eye landmarks could not be measured in any face frame"))
        } else {
            let share = Double(levels.filter { $0.value >= policy.eyeContactFrameLevel }.count) / Double(levels.count)
            eyeContactShare = share
            eyeContact = 1 - share
            if levels.contains(where: { !$0.usedGaze }) {
                unmeasured.append(.init(field: "measurements.gaze",
                                        reason: "pupils were not found in some frames; there eye contact uses head pose and eye openness only"))
            }
        }

        let motion = ExpressivityMeter(maxGap: policy.maxMotionGap).measure(frames)
        let microExpressions = motion.expressivity.map { 1 - min(1, $0 / policy.fullExpressivity) }
        if microExpressions == nil {
            unmeasured.append(.init(field: "depression_indicators.micro_expressions",
                                    reason: "fewer than two consecutive samples with facial landmarks"))
        }

        let poses = faces.compactMap(\.pose)
        let eyes = faces.compactMap(\.meanEyeAspect)
        let pupils = faces.compactMap(\.meanPupil)
        let video = VideoMeasurements(
            duration: r4(facts.duration), fps: r4(facts.fps), framesRead: facts.framesRead,
            framesSampled: facts.framesSampled, framesWithFace: faces.count, sampledFps: r4(facts.sampledFps),
            emotionMean: EmotionDistribution(stats.mean.map(r4)), emotionStd: EmotionDistribution(stats.std.map(r4)),
            emotionVariability: r4(stats.variability),
            eyeContactShare: eyeContactShare.map(r4),
            headDownShare: poses.isEmpty ? nil : r4(share(poses) { $0.pitch < policy.headDownPitchDegrees }),
            closedEyeShare: eyes.isEmpty ? nil : r4(share(eyes) { $0 <= policy.closedEyeAspect }),
            expressivity: motion.expressivity.map(r4), headRotationSpeed: motion.headRotationSpeed.map(r4),
            motionPairs: motion.pairs
        )
        let measurements = Measurements(
            faceBox: nil,
            headPose: poses.isEmpty ? nil : HeadPose(yaw: r4(mean(poses.map(\.yaw))), pitch: r4(mean(poses.map(\.pitch))), roll: r4(mean(poses.map(\.roll)))),
            eyeOpenness: eyeOpenness(left: meanOrNil(faces.compactMap(\.eyeAspectLeft)), right: meanOrNil(faces.compactMap(\.eyeAspectRight))),
            gaze: pupils.isEmpty ? nil : Gaze(horizontal: r4(mean(pupils.map(\.x))), vertical: r4(mean(pupils.map(\.y)))),
            eyeContactLevel: levels.isEmpty ? nil : r4(mean(levels.map(\.value))),
            video: video
        )
        return assemble(
            probabilities: stats.mean, expression: expression, eyeContact: eyeContact, microExpressions: microExpressions,
            unmeasured: unmeasured, faces: frames.map(\.faceCount).max() ?? 0, format: format,
            measurements: measurements, duration: facts.duration
        )
    }

    private func assemble(
        probabilities: [Double], expression: ExpressionScorer.Scores, eyeContact: Double?, microExpressions: Double?,
        unmeasured: [UnmeasuredField], faces: Int, format: MediaKind, measurements: Measurements, duration: Double?
    ) -> AnalysisResult {
        let assessor = RiskAssessor(policy: policy)
        // Facial expression is always measured here, so the overall score always exists.
        let overall = assessor.overall(facialExpression: expression.facialExpression, eyeContact: eyeContact, microExpressions: microExpressions)!
        let risk = assessor.risk(overall: overall)
        // First maximum in class order: ties resolve the same way every time.
        var dominant = 0
        for i in probabilities.indices where probabilities[i] > probabilities[dominant] { dominant = i }
        let writer = RecommendationWriter()
        let mood = MoodAnalysis(
            valence: r4(expression.valence), positiveAffect: r4(expression.positiveAffect),
            negativeAffect: r4(expression.negativeAffect), flatAffect: r4(expression.flatAffect),
            summary: writer.summary(dominant: Emotion.allCases[dominant], confidence: probabilities[dominant],
                                    valence: expression.valence, flatAffect: expression.flatAffect, duration: duration)
        )
        return AnalysisResult(
            depressionIndicators: DepressionIndicators(
                facialExpression: r4(expression.facialExpression), eyeContact: eyeContact.map(r4),
                microExpressions: microExpressions.map(r4), overallScore: r4(overall)
            ),
            emotionalAnalysis: EmotionalAnalysis(
                dominantEmotion: Emotion.allCases[dominant], emotionConfidence: r4(probabilities[dominant]),
                emotionDistribution: EmotionDistribution(probabilities.map { ($0 * 10_000).rounded() / 100 })
            ),
            moodAnalysis: mood,
            riskLevel: risk,
            recommendations: writer.recommendations(risk: risk, reducedEyeContact: (eyeContact ?? 0) >= 0.5, isVideo: duration != nil),
            unmeasured: unmeasured,
            facesDetected: faces,
            mediaType: format.isImage ? "image" : "video",
            mediaFormat: format.rawValue,
            measurements: measurements,
            methodVersion: ScoringPolicy.methodVersion,
            disclaimer: AnalysisResult.disclaimerText
        )
    }

    private func eyeOpenness(left: Double?, right: Double?) -> EyeOpenness? {
        guard let left, let right else { return nil }
        return EyeOpenness(left: r4(left), right: r4(right), mean: r4((left + right) / 2))
    }

    private func rounded(_ b: FaceBox) -> FaceBox {
        FaceBox(x: r4(b.x), y: r4(b.y), width: r4(b.width), height: r4(b.height), confidence: r4(b.confidence))
    }

    private func share<T>(_ values: [T], where predicate: (T) -> Bool) -> Double {
        Double(values.filter(predicate).count) / Double(values.count)
    }

    private func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }
    private func meanOrNil(_ v: [Double]) -> Double? { v.isEmpty ? nil : mean(v) }
}

/// Rounds to 4 decimals for presentation.
func r4(_ x: Double) -> Double { (x * 10_000).rounded() / 10_000 }
