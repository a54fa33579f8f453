import Safety

/// The held-out set: written after the rules were tuned on `DevelopmentSet`, and evaluated once
/// before any further change. Its figures are reported separately as the honest estimate.
///
/// Rules were not tuned on these messages before the first measurement (see docs/safety.md for
/// that measurement and for what changed afterwards). Once a rule is changed because of an
/// item here, the set is no longer held out for that item; write a fresh batch for the next
/// honest measurement.
enum HeldOutSet {
    static let messages: [LabelledMessage] = [
        // MARK: Explicit
        LabelledMessage(.crisis, .explicit, "honestly i think about ending it every single day"),
        LabelledMessage(.crisis, .explicit, "I've started looking up how to tie a noose"),
        LabelledMessage(.imminent, .explicit, "there's a bottle of vodka and all my mum's sleeping tablets on the table in front of me"),
        LabelledMessage(.imminent, .explicit, "I'm in the car in the garage with the engine running"),
        LabelledMessage(.crisis, .explicit, "i want to stop living"),
        LabelledMessage(.crisis, .explicit, "Sometimes I hold the knife to my wrist and think about it"),
        LabelledMessage(.imminent, .explicit, "tonight I'm finally going to do it, I've said goodbye to my dog"),
        LabelledMessage(.crisis, .explicit, "My dad hurts me when my mum isn't home"),
        LabelledMessage(.crisis, .explicit, "I keep getting the urge to stab my brother and it scares me"),
        LabelledMessage(.crisis, .explicit, "i burned my arm with a cigarette again"),
        LabelledMessage(.imminent, .explicit, "I just took like 30 of my antidepressants, what happens now"),
        LabelledMessage(.crisis, .explicit, "suicide feels like the only option left"),

        // MARK: Indirect
        LabelledMessage(.crisis, .indirect, "I don't see myself being alive next year and I'm ok with that"),
        LabelledMessage(.crisis, .indirect, "I'm just so tired of fighting, I don't want to be here anymore"),
        LabelledMessage(.crisis, .indirect, "my kids would be better off with a different mum"),
        LabelledMessage(.crisis, .indirect, "it's fine, soon I won't be anyone's problem"),
        LabelledMessage(.crisis, .indirect, "I keep thinking how peaceful it would be to never wake up again"),
        LabelledMessage(.crisis, .indirect, "If I died tomorrow honestly it'd be a relief"),
        LabelledMessage(.crisis, .indirect, "I've been sorting out who gets my stuff"),
        LabelledMessage(.crisis, .indirect, "I don't plan on being around for my birthday"),
        LabelledMessage(.crisis, .indirect, "thank you for everything, you've been kinder to me than anyone. goodbye"),
        LabelledMessage(.crisis, .indirect, "I just want to go to sleep and never have to deal with anything again"),

        // MARK: Negation
        LabelledMessage(.concern, .negation, "dont worry im not gonna do anything to myself"),
        LabelledMessage(.crisis, .negation, "I'm not going to end my life but some days I really wish I could"),
        LabelledMessage(.crisis, .negation, "I've never tried to kill myself, but I've thought about it"),
        LabelledMessage(.concern, .negation, "I would never hurt myself, I just feel really lost"),

        // MARK: Misspellings
        LabelledMessage(.crisis, .misspelling, "i wanna dye"),
        LabelledMessage(.crisis, .misspelling, "im gonna unalive myslef"),
        LabelledMessage(.crisis, .misspelling, "tbh i just wanna disapear foreverrr"),
        LabelledMessage(.crisis, .misspelling, "feelin suicidel agen"),
        LabelledMessage(.crisis, .misspelling, "I want to end my lifeeeee"),

        // MARK: Hyperbole and jokes
        LabelledMessage(.none, .hyperbole, "I'm going to die if I don't get coffee in the next 5 minutes"),
        LabelledMessage(.none, .hyperbole, "my sister literally killed me with that meme 💀"),
        LabelledMessage(.none, .hyperbole, "this assignment is going to be the end of me"),
        LabelledMessage(.none, .hyperbole, "my bf is so dead when he gets home, he ate my leftovers"),
        LabelledMessage(.none, .hyperbole, "we killed it at the gig last night"),
        LabelledMessage(.none, .hyperbole, "she's to die for honestly"),
        LabelledMessage(.none, .hyperbole, "I'm dying, this is the funniest thing I've seen all week"),
        LabelledMessage(.concern, .joking, "if I have to hear that song one more time I'll jump out the window lol"),

        // MARK: Everyday
        LabelledMessage(.none, .everyday, "how do I stop my plants from dying in winter"),
        LabelledMessage(.none, .everyday, "I'm reading a novel about a detective investigating a suicide"),
        LabelledMessage(.none, .everyday, "can you help me cut down on caffeine"),
        LabelledMessage(.none, .everyday, "I feel great after my run this morning"),
        LabelledMessage(.none, .everyday, "my exam results come out tomorrow and I'm nervous"),

        // MARK: Low mood
        LabelledMessage(.concern, .lowMood, "everything I do is wrong and I'm sick of it"),
        LabelledMessage(.concern, .lowMood, "I don't feel anything anymore, just grey"),
        LabelledMessage(.concern, .lowMood, "I'm such a disappointment to my parents"),
        LabelledMessage(.concern, .lowMood, "I've been crying every night for weeks"),

        // MARK: Third party and history
        LabelledMessage(.concern, .thirdParty, "my girlfriend keeps saying she wants to die and I don't know how to help"),
        LabelledMessage(.concern, .history, "I had a suicide attempt in 2019"),
    ]
}
