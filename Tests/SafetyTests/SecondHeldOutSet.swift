import Safety

/// The second held-out batch: written after the rules were revised in response to the first
/// held-out measurement, and measured once, before any change made because of it.
///
/// This is the current honest estimate. Do not tune rules on it; write a new batch instead
/// (see docs/safety.md).
enum SecondHeldOutSet {
    static let messages: [LabelledMessage] = [
        // MARK: Explicit
        LabelledMessage(.crisis, .explicit, "I've had enough of this life. I keep thinking the world would be better if I just ended things"),
        LabelledMessage(.imminent, .explicit, "I'm writing this from the bathroom floor, I've got the razor blades and I'm not coming out"),
        LabelledMessage(.crisis, .explicit, "every day I think about walking into the sea and not coming back"),
        LabelledMessage(.imminent, .explicit, "took everything in the medicine cabinet about an hour ago, feeling really sleepy"),
        LabelledMessage(.crisis, .explicit, "sometimes when I'm driving I think about just letting go of the wheel"),
        LabelledMessage(.crisis, .explicit, "my boyfriend chokes me when we argue and I'm scared to leave"),
        LabelledMessage(.crisis, .explicit, "I scratch myself until I bleed when it gets bad"),
        LabelledMessage(.imminent, .explicit, "I'm going to do it this weekend while my parents are away"),
        LabelledMessage(.crisis, .explicit, "i honestly want to be dead"),
        LabelledMessage(.crisis, .explicit, "the voices tell me to hurt my mum and I'm scared I'll listen"),
        LabelledMessage(.crisis, .explicit, "I think I'm going to kill myself soon"),

        // MARK: Indirect
        LabelledMessage(.crisis, .indirect, "I feel like a burden to everyone and it'd be easier for them if I wasn't here"),
        LabelledMessage(.crisis, .indirect, "I don't want to do this anymore. any of it. life."),
        LabelledMessage(.crisis, .indirect, "what's the point in carrying on when nothing ever changes"),
        LabelledMessage(.crisis, .indirect, "I've stopped taking care of myself because what does it matter, I won't be here long"),
        LabelledMessage(.crisis, .indirect, "I keep writing goodbye messages in my notes app"),
        LabelledMessage(.crisis, .indirect, "sometimes i wish i could just fall asleep forever"),
        LabelledMessage(.crisis, .indirect, "I'm tired of waking up"),
        LabelledMessage(.crisis, .indirect, "I've already cancelled my subscriptions and sorted my will"),
        LabelledMessage(.crisis, .indirect, "there's only one way out of this and I think I've found it"),

        // MARK: Negation
        LabelledMessage(.concern, .negation, "I'm not suicidal or anything, I'm just exhausted all the time"),
        LabelledMessage(.concern, .negation, "no I won't hurt myself, I just need to talk"),
        LabelledMessage(.crisis, .negation, "I'm not okay. I don't want to be alive"),

        // MARK: Misspellings and slang
        LabelledMessage(.crisis, .misspelling, "ngl i kinda wanna die"),
        LabelledMessage(.crisis, .misspelling, "i wnt to kil my self"),
        LabelledMessage(.crisis, .misspelling, "thinkin bout ending it all tbh"),
        LabelledMessage(.crisis, .misspelling, "i want to  d i e"),
        LabelledMessage(.crisis, .misspelling, "Im gonna kermit sewer slide"),

        // MARK: Hyperbole
        LabelledMessage(.none, .hyperbole, "my mum is going to murder me when she sees the phone bill"),
        LabelledMessage(.none, .hyperbole, "I could die happy after that concert"),
        LabelledMessage(.none, .hyperbole, "this weather is killing my vibe"),
        LabelledMessage(.none, .hyperbole, "she roasted him so hard he's dead"),
        LabelledMessage(.none, .hyperbole, "i'm dead serious, best pizza in town"),
        LabelledMessage(.none, .hyperbole, "that exam absolutely killed me lol"),
        LabelledMessage(.none, .hyperbole, "I'm so bored I could die"),

        // MARK: Everyday
        LabelledMessage(.none, .everyday, "what time does the pharmacy close, I need to pick up my meds"),
        LabelledMessage(.none, .everyday, "my cat is dying and the vet says there's nothing they can do"),
        LabelledMessage(.none, .everyday, "can you recommend exercises to stop my back from killing me"),
        LabelledMessage(.none, .everyday, "we're learning about the Golden Gate Bridge in class"),
        LabelledMessage(.none, .everyday, "I want to end my gym membership"),

        // MARK: Low mood
        LabelledMessage(.concern, .lowMood, "I feel like nothing I do matters to anyone"),
        LabelledMessage(.concern, .lowMood, "I just feel so heavy all the time and I can't get out of bed"),
        LabelledMessage(.concern, .lowMood, "I'm so lonely I could scream"),

        // MARK: Third party
        LabelledMessage(.concern, .thirdParty, "my brother posted something about wanting to end it, should I call someone?"),
    ]
}
