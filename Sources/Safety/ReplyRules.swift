/// Phrase rules for `ReplyScreen`, grouped by violation. Pattern syntax: see `TokenPattern`.
///
/// The aim is to catch the things a support model must never say while letting ordinary
/// supportive replies through: "a therapist could help with that" and "I'm not a therapist,
/// but…" are allowed, "as your therapist" and "I'm a licensed counsellor" are not.
enum ReplyRules {
    typealias Rule = ReplyRule
    typealias Guard = ScreeningRule.Guard

    static let all: [Rule] = identity + diagnosis + medication + method + isolation + encouragement + crisisGuidance
    static let index = PatternIndex(all.map(\.pattern))

    static let professional = "therapist|therapists|doctor|physician|psychiatrist|psychologist|counselor|counsellor|clinician|nurse|gp|psychotherapist|(social worker)|(mental health professional)|(medical professional)|(healthcare professional)"

    // MARK: - Claims to be human or a professional

    static let identity: [Rule] = [
        Rule("identity.as-your", .claimsHumanOrProfessional, "(as | speaking as) your (\(professional)) | ^ (as | speaking as) a (\(professional))",
             guards: [.cancel("(\(professional)) may|might|would|could|has|have|can|will|did|probably|likely|suggested|mentioned|recommended|said|knows|should|must|does|told|explained|agrees")]),
        Rule("identity.i-am", .claimsHumanOrProfessional,
             "i am ~1 a|an|your ~2 (\(professional) | human | human being | person | real person | live person | man | woman | licensed | certified | qualified | trained professional)",
             guards: [.cancel("i am ~1 a|an ~1 (ai | bot | chatbot | language model | assistant | program)", scope: .sentence),
                      .cancel("(person | human) who|that|like (you | anyone | anybody)"),
                      .cancel("i am a person centred|centered")]),
        Rule("identity.i-am-licensed", .claimsHumanOrProfessional, "i am ~1 (licensed | certified | qualified | board certified | registered) ~1 (to | as | in | therapist | counsellor | counselor | psychologist | doctor | practitioner)"),
        Rule("identity.i-am-human", .claimsHumanOrProfessional, "i am ~1 (human | a real person | real | alive) $"),
        Rule("identity.not-ai", .claimsHumanOrProfessional,
             "i am not (an ai | a bot | a robot | a machine | a program | a computer | artificial | a chatbot | an assistant)", negatable: false),
        Rule("identity.professional-opinion", .claimsHumanOrProfessional, "in my (clinical | professional | medical) (opinion | experience | judgement | judgment | view | assessment)"),
        Rule("identity.my-patients", .claimsHumanOrProfessional, "my (patients | clients | caseload)"),
        Rule("identity.years-practice", .claimsHumanOrProfessional, "i have ~2 (been practicing | been practising | worked as | been a) ~2 (\(professional) | years)"),
        // A name is a claim to be someone ("My name is Sarah, and I provide treatment for ...").
        // Judged once the next word is in, so "My name is depressoAssist" passes.
        Rule("identity.my-name", .claimsHumanOrProfessional, "my name is",
             guards: [.cancel("my name is (depressoassist | depresso assist | not | ai | an ai)")], negatable: false),
        Rule("identity.provide-treatment", .claimsHumanOrProfessional,
             "i ~2 (provide | offer | deliver | practice | practise | prescribe) ~1 (treatment | treatments | therapy | psychotherapy | counselling | counseling | diagnoses | diagnosis | prescriptions | medication)",
             guards: [.cancel("(can not | cannot | could not | am not able to | am unable to | do not | will not | never) ~2 (provide | offer | deliver | practice | practise | prescribe)", scope: .sentence)]),
        Rule("identity.treat", .claimsHumanOrProfessional,
             "i ~1 (treat | have treated | specialise in | specialize in | specialised in | specialized in) ~1 (patients | clients | people with | anxiety | depression | trauma | grief)"),
        Rule("identity.my-practice", .claimsHumanOrProfessional,
             "in my (practice | private practice | clinic | office | therapy practice | therapy room | consulting room | sessions with) | my (colleagues | supervisor | practice) ~1 (and i | would | have | say | recommend)"),
        Rule("identity.worked-with", .claimsHumanOrProfessional,
             "(work | worked | working) with ~3 (#num | hundreds | thousands | countless | dozens) ~2 (clients | patients | individuals | couples | families | people)"),
        Rule("identity.years", .claimsHumanOrProfessional, "i have been ~6 for ~2 (#num | many | several) years"),
        Rule("identity.work-as", .claimsHumanOrProfessional, "i ~1 (work | worked | have worked | trained) as a|an ~1 (\(professional) | counsellor | counselor)"),
        Rule("identity.lived-experience", .claimsHumanOrProfessional,
             "i ~2 (have been | was | have felt | felt | have struggled | struggled | have battled | battled | have dealt | dealt | have suffered | suffered) ~1 (depressed | suicidal | with depression | with anxiety | through this | through depression | with my own) ~1 (too | myself | before | as well | $)",
             guards: [.cancel("i have been designed|trained|built|made|programmed")]),
    ]

    // MARK: - Diagnosis

    static let condition = "(depression | clinical depression | major depression | major depressive disorder | mdd | bipolar | bipolar disorder | anxiety disorder | an anxiety disorder | generalized anxiety disorder | generalised anxiety disorder | gad | ptsd | c ptsd | complex ptsd | ocd | adhd | bpd | borderline | borderline personality disorder | schizophrenia | psychosis | an eating disorder | eating disorder | anorexia | bulimia | a personality disorder | personality disorder | a mental illness | mental illness | a mental disorder | dysthymia | seasonal affective disorder | postpartum depression | postnatal depression | panic disorder | a panic disorder | social anxiety disorder | autism | insomnia | a disorder | clinical anxiety)"

    /// "If you think you have depression…", "Do you feel you have PTSD?"
    static let hedged: [Guard] = [
        .cancel("if|whether ~2 you"),
        .cancel("(do | did | are | were | have) you ~3 you"),
        .cancel("people|someone|anyone|those|many who ~2 have|suffer"),
    ]

    static let diagnosis: [Rule] = [
        Rule("diagnosis.you-have", .diagnosis,
             "you ~1 (have | have got | definitely have | clearly have | probably have | might have | may have | seem to have | likely have | could have | are suffering from | are experiencing | are living with | are dealing with) \(condition)",
             guards: hedged + [.cancel("(are dealing with | are living with | are experiencing) depression|anxiety|(an anxiety)|(a panic)", scope: .near)]),
        Rule("diagnosis.you-suffer-from", .diagnosis, "you suffer from",
             guards: hedged + [.cancel("what|whatever|which|that ~2 you suffer from"), .cancel("do not have to suffer|(need to suffer)")]),
        Rule("diagnosis.you-are", .diagnosis,
             "you are ~1 (clinically depressed | bipolar | schizophrenic | psychotic | autistic | anorexic | bulimic | manic | a narcissist | narcissistic | borderline | mentally ill | depressive | a depressive | an addict | an alcoholic)",
             guards: hedged),
        Rule("diagnosis.sounds-like", .diagnosis,
             "(this | that | it | what you are describing | what you describe) ~1 (is | sounds like | could be | might be | looks like | seems like | is probably | is clearly) ~1 (clinical depression | major depressive disorder | bipolar disorder | bipolar | ptsd | ocd | adhd | bpd | borderline personality disorder | schizophrenia | psychosis | an eating disorder | a personality disorder | a panic disorder | an anxiety disorder | generalized anxiety disorder | generalised anxiety disorder | dysthymia)"),
        Rule("diagnosis.explicit", .diagnosis,
             "(i diagnose you | my diagnosis | your diagnosis is | you meet the criteria | you would be diagnosed | you would meet the criteria | you fit the criteria | you are showing classic signs of | classic symptoms of)"),
    ]

    // MARK: - Medication

    static let drug = "sertraline|zoloft|fluoxetine|prozac|citalopram|celexa|escitalopram|lexapro|cipralex|paroxetine|paxil|seroxat|venlafaxine|effexor|duloxetine|cymbalta|bupropion|wellbutrin|mirtazapine|remeron|trazodone|amitriptyline|nortriptyline|lithium|lamotrigine|lamictal|quetiapine|seroquel|aripiprazole|abilify|olanzapine|zyprexa|risperidone|risperdal|xanax|alprazolam|valium|diazepam|klonopin|clonazepam|ativan|lorazepam|ambien|zolpidem|zopiclone|melatonin|benadryl|diphenhydramine|ibuprofen|paracetamol|acetaminophen|tylenol|aspirin|ketamine|esketamine|spravato|adderall|ritalin|methylphenidate|propranolol|hydroxyzine|gabapentin|pregabalin|vortioxetine|trintellix|ssri|ssris|snri|snris|maoi|maois|antidepressant|antidepressants|benzodiazepine|benzodiazepines|benzos|(sleeping pills)|(sleeping pill)|(st johns wort)|(st john wort)|(an antidepressant)|(an ssri)|(some melatonin)"

    static let medication: [Rule] = [
        Rule("medication.dose", .medicationAdvice, "#dose|(#num mg|mcg|milligrams|milligram|micrograms|microgram|ml)"),
        Rule("medication.you-should-take", .medicationAdvice,
             "(you should | you could | you might | you can | you need to | you must | you may want to | you might want to | try | consider | i recommend | i suggest | i would recommend | i would suggest | i prescribe | maybe) ~2 [take | taking | start | starting | try | trying | go on | going on | get on | getting on | switch to | switching to | use | using | add | adding] ~1 \(drug)",
             guards: [.cancel("(talk to | ask | speak to | speak with | check with | discuss with) your|a doctor|gp|psychiatrist|pharmacist|prescriber ~6 (whether | if | about)", scope: .sentence)]),
        Rule("medication.drug-will-help", .medicationAdvice, "\(drug) (will | would | should | can | could | might) ~1 (help | fix | work | sort)"),
        Rule("medication.change-dose", .medicationAdvice,
             "increase|decrease|double|lower|raise|reduce|up|skip|halve|stop|change|adjust|taper|quit your ~1 (dose | dosage | medication | medications | meds | pills | antidepressant | antidepressants | prescription | tablets)",
             guards: [.cancel("before|without|with|(talk to)|(talking to)|(speak to)|(speaking to)|(check with)|(checking with)|(ask)|(asking) ~4 your|a doctor|gp|psychiatrist|pharmacist|prescriber", scope: .sentence),
                      .cancel("your doctor|gp|psychiatrist|pharmacist|prescriber ~4 (can | could | may | might | will | would) ~2 (increase|decrease|change|adjust|lower|raise|reduce|taper|review)", scope: .sentence)]),
        Rule("medication.stop-taking", .medicationAdvice, "stop|quit taking your|the ~1 (medication | medications | meds | pills | antidepressant | antidepressants | tablets)",
             guards: [.cancel("before|without|(talk to)|(talking to)|(speak to)|(check with)|(ask) ~4 your|a doctor|gp|psychiatrist|pharmacist|prescriber", scope: .sentence)]),
        Rule("medication.take-more", .medicationAdvice, "take ~2 (more | extra | another | a few more | less | fewer) ~1 (pills | tablets | meds | medication | doses | of your (meds | medication | pills))"),
    ]

    // MARK: - Self-harm methods

    /// Words naming a means or method. Bare everyday verbs ("cut", "hang", "burn") only count
    /// with a body or reflexive object, so "how to cut onions" stays allowed.
    static let methodWord = "((cut | cutting) (yourself | your wrists | your wrist | your arms | your arm | your skin | your legs | your thighs) | razor|razors|blade|blades|wrist|wrists|vein|veins|overdose|overdosing|overdoses|=od|pills|tablets|noose|rope|ligature|jump|jumping|gun|bleach|poison|poisoning|(carbon monoxide)|(exhaust fumes)|(hang yourself)|(hanging yourself)|(drown yourself)|suffocate|suffocation|tylenol|paracetamol|acetaminophen|starve|starving|purge|purging|strangle|bleed|bleeding|helium|(kill yourself)|(end your life))"
    static let howTo = "(how to | how much | how many | best way | easiest way | quickest way | fastest way | surest way | most effective | most lethal | least painful | painless | painlessly | deep enough | deeper | lethal | fatal | enough to | step by step | tie | knot | vertically | lengthwise | along the vein | milligrams | mg | you would need | you will need | you need about | height | floors | storeys | stories | high enough | dose | doses | amount)"

    /// Coping and safety language: "instead of cutting, hold an ice cube", "the urge to cut".
    static let coping: [Guard] = [
        .cancel("instead|urge|urges|cope|coping|resist|resisting|safe|safety|safer|alternative|alternatives|distract|distraction|ice|hotline|helpline|(crisis line)|(reach out)|support|delay|wait|(talk to)|therapist|doctor|recover|recovery|harm reduction|treatment", scope: .sentence),
    ]

    static let method: [Rule] = [
        Rule("method.method-then-how", .selfHarmMethod, "\(methodWord) ~6 \(howTo)", guards: coping, negatable: false),
        Rule("method.how-then-method", .selfHarmMethod, "\(howTo) ~6 \(methodWord)", guards: coping, negatable: false),
    ]

    // MARK: - Isolation

    static let toxic: [Guard] = [
        .cancel("toxic|abusive|abuse|harmful|hurting you|hurt you|unsafe|boundaries|boundary|manipulat*|dangerous|violent|bully|bullies|bullying", scope: .sentence),
    ]

    static let isolation: [Rule] = [
        Rule("isolation.no-need", .encouragesIsolation,
             "you do not need (anyone | anybody | other people | others | friends | your friends | your family | them | a therapist | therapy | help | professional help | people) ~1 ($ | else | but me | except me | in your life | around you | anymore)",
             guards: toxic + [.cancel("permission|approval|validation|(to tell you)|(to justify)|(to explain)|(to agree)|(to understand)|(to be perfect)|(to have it all)|(to fix)|(right now)", scope: .sentence)],
             negatable: false),
        Rule("isolation.cut-off", .encouragesIsolation,
             "(cut | cutting) ~1 (everyone | them | your friends | your family | your parents | people | everybody | all of them) off | (cut | cutting) off (everyone | your friends | your family | your parents | contact with everyone | all contact | everybody)",
             guards: toxic),
        Rule("isolation.stay-away", .encouragesIsolation,
             "(stay away from | avoid | distance yourself from | ignore | block) (your friends | your family | everyone | people | other people | your parents | them all | everybody | your therapist)",
             guards: toxic),
        Rule("isolation.isolate", .encouragesIsolation, "isolate|isolating|withdraw|withdrawing yourself"),
        Rule("isolation.better-alone", .encouragesIsolation,
             "you are|(would be)|(will be) ~1 better off (alone | on your own | without them | without anyone | without your friends | without your family | without people | by yourself)",
             guards: toxic),
        Rule("isolation.only-me", .encouragesIsolation,
             "nobody ~2 (understands | cares about | gets | knows) you ~2 (like | the way | as) i ~1 (do | can) | (i am | i am all) (all | the only one) you need | you (only | just) need me | i am all you need"),
        Rule("isolation.keep-secret", .encouragesIsolation,
             "(do not | never) tell (anyone | anybody | your family | your parents | your therapist | your friends | your doctor | your partner | them)", negatable: false),
        Rule("isolation.they-will-not-understand", .encouragesIsolation,
             "(your friends | your family | your parents | people | they | nobody | everyone) ~1 (will never | would never | will not | would not | can not | could never | do not) ~1 (understand | care about | help) you"),
    ]

    // MARK: - Encouraging self-harm

    static let encouragement: [Rule] = [
        Rule("encourage.you-should", .encouragesSelfHarm,
             "you should|could|can ~1 (kill | hurt | cut | harm | starve | punish | burn) yourself|(your wrists)"),
        Rule("encourage.deserve", .encouragesSelfHarm, "you deserve to (die | suffer | be hurt | hurt | be in pain | be punished | be alone)",
             negatable: false),
        Rule("encourage.is-the-answer", .encouragesSelfHarm,
             "(ending it | ending your life | suicide | killing yourself | dying | death | self harm | cutting | taking your life) ~1 (is | might be | would be | could be | may be | seems like | sounds like) ~2 (the answer | a solution | the solution | the best option | the right choice | the only option | the only way out | a way out | an understandable choice | a reasonable choice | a valid choice | for the best | your only option | an option | a release | a relief)"),
        Rule("encourage.better-off-without-you", .encouragesSelfHarm,
             "(they | everyone | your family | people | the world | your friends) ~1 (would | will) ~1 be better off without you | nobody (would | will) (miss | notice) you",
             negatable: false),
        Rule("encourage.okay-to", .encouragesSelfHarm,
             "(okay | ok | fine | understandable | valid | alright | your right | reasonable) to (kill yourself | end your life | end it all | hurt yourself | harm yourself | cut yourself | die | take your life | give up on life)"),
        Rule("encourage.go-ahead", .encouragesSelfHarm, "(go ahead and | just | you should) (kill yourself | end it | end it all | end your life | hurt yourself | cut yourself | jump | overdose | do it tonight)"),
    ]

    // MARK: - Crisis guidance the model must not improvise

    static let crisisGuidance: [Rule] = [
        Rule("crisis.false-capability", .unsafeCrisisGuidance,
             "i ~2 (have | will | am going to | can | already | just) ~1 (call | called | contact | contacted | alert | alerted | notify | notified | send | sent | dispatch | dispatched | reach | reached) ~1 (911 | 999 | 112 | 988 | emergency services | the police | an ambulance | help | someone | for help | the authorities | your parents | your family | your school | a crisis team | the crisis line)"),
        Rule("crisis.help-on-way", .unsafeCrisisGuidance, "(help is | someone is | they are | an ambulance is | the police are) ~1 on (the | their | its | his | her) way"),
        Rule("crisis.discourage-help", .unsafeCrisisGuidance,
             "(do not | no need to | you do not need to | there is no need to | you do not have to | never) ~1 (call | contact | text | reach out to | go to | bother) ~1 [a | the] ~1 (hotline | crisis line | helpline | lifeline | 988 | 911 | 999 | 112 | emergency | hospital | doctor | therapist | samaritans | police | anyone)",
             negatable: false),
        Rule("crisis.help-useless", .unsafeCrisisGuidance,
             "(hotlines | hotline | crisis lines | helplines | therapy | therapists | hospitals | the hospital | doctors) ~1 (are | is) ~1 (useless | pointless | a waste of time | no help)"),
    ]
}
