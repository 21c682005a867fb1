"""Demo content for the Citizens Police Academy site: the academy, its 8 modules and two pages."""

FAQ_TITLE = "Questions about KCPD's policies or training"
FAQ_DATE = "2020-05-29"
KCPD = "Kansas City Missouri Police Department"
KCPD_URL = "https://www.kcpd.org/"

ACADEMY = {
    "title": "Citizens Police Academy",
    "intro": (
        "<p>The Citizens Police Academy is a free evening course for residents who want to see "
        "how their police department works from the inside. You learn how officers are trained, "
        "which rules guide their work and why they make the choices they do.</p>"
        "<p>It is open to adults aged 18 and over who live, work or study in the city. You do not "
        "need to know anything about law or policing. A class meets once a week, in the evening, "
        "for about eight weeks, and every session leaves time for your questions.</p>"
        "<p>To join, create an account, confirm your email address and apply for the next class. "
        "We will email you as soon as your application has been reviewed.</p>"
    ),
    "contact_email": "academy@example.org",
    "contact_phone": "816-555-0100",
    "meeting_place": "Regional Police Academy classroom",
}

CURRICULUM = {
    "title": "Curriculum",
    "slug": "curriculum",
    "intro": (
        "<p>The course has eight modules, one for each weekly class. Each module explains one part "
        "of police work in plain language and names the policy or public document it is based "
        "on, so you can read the source yourself.</p>"
        "<p>The facts come from the Kansas City Missouri Police Department (KCPD) and the answers "
        "it published on May 29, 2020, to questions many residents were asking. Some details may "
        "have changed since then.</p>"
    ),
}

MODULES = [
    {
        "number": 1,
        "slug": "how-officers-are-trained",
        "title": "How officers are trained",
        "summary": (
            "How a new KCPD officer is trained before starting the job, and how that training "
            "goes on every year after."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Describe the training every new KCPD officer completes at the regional academy.",
            "List the main topics that recruit training covers.",
            "Explain what in-service training is and how often officers take it.",
            "Compare the yearly training required of officers and of supervisors.",
        ],
        "body": [
            (
                "text",
                "<h2>Before the first shift</h2>"
                "<p>Every KCPD officer begins with over seven months at the Kansas City Regional "
                "Police Academy. A large share of that time goes to the "
                "skills residents ask about most: how to talk with people, how to calm a tense "
                "moment and how to stay calm yourself.</p>"
                "<h3>What recruits study</h3>"
                "<ul>"
                "<li><strong>Tactical communication</strong>: using words and tone on purpose to "
                "keep a conversation under control.</li>"
                "<li><strong>Communication obstacles</strong>: the things that stop a message "
                "from getting through.</li>"
                "<li><strong>Cultural diversity</strong>: working well with people from many "
                "backgrounds.</li>"
                "<li><strong>Aggressive behavior</strong>: what to do when someone turns "
                "hostile.</li>"
                "<li><strong>Crisis Intervention Team basics</strong>: a first look at helping "
                "people in a mental health or substance use crisis.</li>"
                "<li><strong>Disturbances</strong>: how to handle calls about fights, loud "
                "arguments and similar trouble.</li>"
                "<li><strong>Tactical breathing and stress management</strong>: ways to keep a "
                "clear head under pressure.</li>"
                "</ul>"
                "<p>The state sets a minimum number of training hours. KCPD says that in several "
                "of these topics, its recruits get a good deal more than that minimum.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts",
                    "facts": [
                        {
                            "figure": "7+ months",
                            "label": "of training at the Kansas City Regional Police Academy",
                        },
                        {
                            "figure": "3 days",
                            "label": "of in-service training every year for each officer",
                        },
                        {
                            "figure": "Extra days",
                            "label": "of yearly training that supervisors must attend",
                        },
                        {
                            "figure": "Above the minimum",
                            "label": "training hours in several topics, compared with what the "
                            "state requires",
                        },
                    ],
                },
            ),
            (
                "text",
                "<h2>Training does not stop after the academy</h2>"
                "<p>Once on the job, every officer comes back to the classroom for three days of "
                "in-service training each year. Supervisors have to attend more days than "
                "that.</p>"
                "<p>In-service training keeps skills fresh. Its topics include de-escalation, "
                "tactical breathing, stress management, and bias and racial profiling. Officers "
                "also go over CPR and first aid again.</p>"
                "<p>Some officers take one more course. Field officers and supervisors who are not "
                "certified in Crisis Intervention Team (CIT) work must complete a course on "
                "mental health awareness and de-escalation. Module 3 explains it.</p>",
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "heading": "Why this matters to you",
                    "text": "<p>When you hear about a police encounter, it helps to know what the "
                    "officer was trained to do. The next modules look at several of these topics "
                    "in more depth.</p>",
                },
            ),
            (
                "scenario",
                {
                    "title": "Planning the training year",
                    "situation": (
                        "Imagine you help plan the three days of in-service training that "
                        "officers take each year. You have to fit in first aid, de-escalation, "
                        "stress management, and bias and racial profiling, and there is never "
                        "enough time for everything."
                    ),
                    "questions": [
                        "Which topic would you give the most time, and why?",
                        "Should supervisors spend their extra days on different topics, or on "
                        "the same ones in more depth?",
                        "How could a department check that training changes what officers do on "
                        "the street?",
                    ],
                },
            ),
            (
                "policy_reference",
                {
                    "title": FAQ_TITLE,
                    "issuing_body": KCPD,
                    "effective_date": FAQ_DATE,
                    "summary": (
                        "KCPD's public answers to common questions about officer training, use "
                        "of force, body cameras and protests, published on May 29, 2020."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "single",
                "text": "How long do new KCPD officers train at the Kansas City Regional Police "
                "Academy?",
                "choices": [
                    ("More than seven months", True),
                    ("About six weeks", False),
                    ("Three days", False),
                ],
                "explanation": "Recruits spend more than seven months at the regional academy. "
                "Three days is the length of the yearly in-service training.",
            },
            {
                "kind": "single",
                "text": "How many days of in-service training does every officer take each year?",
                "choices": [("Three", True), ("One", False), ("Ten", False)],
                "explanation": "Every officer takes three days of in-service training a year.",
            },
            {
                "kind": "true_false",
                "text": "Supervisors attend the same number of in-service days as other officers.",
                "choices": [("True", False), ("False", True)],
                "explanation": "Supervisors have to attend more days on top of the three days.",
            },
            {
                "kind": "multiple",
                "text": "Which topics does KCPD list as part of in-service training? (choose all "
                "that apply)",
                "choices": [
                    ("Bias and racial profiling", True),
                    ("CPR and first aid", True),
                    ("Stress management and tactical breathing", True),
                    ("Fundraising for the department", False),
                ],
                "explanation": "In-service topics include de-escalation, tactical breathing, "
                "stress management, bias and racial profiling, and CPR and first aid.",
            },
            {
                "kind": "true_false",
                "text": "In several topics, KCPD gives recruits more training hours than the "
                "state requires.",
                "choices": [("True", True), ("False", False)],
                "explanation": "KCPD says it goes well beyond the state minimum in several areas.",
            },
        ],
    },
    {
        "number": 2,
        "slug": "de-escalation-and-tactical-communication",
        "title": "De-escalation and tactical communication",
        "summary": (
            "What de-escalation means, how KCPD has taught it since 2015, and the talking and "
            "stress skills officers use to calm a tense situation."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Explain what de-escalation means in everyday words.",
            "Describe how tactical communication helps an officer keep a conversation calm.",
            "Identify common obstacles to communication during a police contact.",
            "Describe how tactical breathing helps an officer manage stress.",
        ],
        "body": [
            (
                "text",
                "<h2>Slowing things down</h2>"
                "<p>In general terms, de-escalation means lowering the tension in a situation so "
                "that it can end safely. In practice that often means time, space and talk: "
                "giving a person room, speaking calmly and really listening.</p>"
                "<p>KCPD has run formal de-escalation courses since 2015. The ideas are older "
                "than the courses: the department says many of them were part of its training "
                "long before then.</p>"
                "<h3>Talking is a skill</h3>"
                "<p>Recruits study <strong>tactical communication</strong>. The idea is to treat "
                "words, tone of voice and body language as tools, and to use them on purpose to "
                "keep a conversation on track.</p>"
                "<p>They also learn about <strong>communication obstacles</strong>. A person may "
                "be frightened, angry, drunk, in pain or unable to hear well. Any of these can "
                "block a message, and an officer has to notice it and adjust.</p>"
                "<h3>When someone becomes aggressive</h3>"
                "<p>Training also covers dealing with aggressive behavior and responding to "
                "disturbances, such as a shouting match between neighbors. These are the moments "
                "where calm, clear talk matters most.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts",
                    "facts": [
                        {
                            "figure": "Since 2015",
                            "label": "KCPD has taught formal de-escalation courses",
                        },
                        {
                            "figure": "Even earlier",
                            "label": "many de-escalation ideas were already part of KCPD training",
                        },
                        {
                            "figure": "Every year",
                            "label": "tactical breathing, stress management and de-escalation "
                            "are refreshed in in-service training",
                        },
                    ],
                },
            ),
            (
                "text",
                "<h2>Keeping a cool head</h2>"
                "<p>An officer flooded with stress finds it harder to think clearly and to "
                "listen. That is why recruits learn <strong>tactical breathing</strong> and "
                "stress management.</p>"
                "<p>Tactical breathing is a simple method: slow, steady breaths, often counted, "
                "that calm the body's alarm response. Athletes, nurses and soldiers use versions "
                "of it too.</p>"
                "<p>These skills do not end with the academy. They are refreshed every year, "
                "along with de-escalation, during in-service training.</p>",
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "heading": "Try it yourself",
                    "text": "<p>Breathe in slowly for a count of four, hold for four, breathe out "
                    "for four and hold for four. Repeat a few times. This is one common form of "
                    "tactical breathing, and it works at home as well as on the street.</p>",
                },
            ),
            (
                "scenario",
                {
                    "title": "A fight over a parking space",
                    "situation": (
                        "Two neighbors are shouting at each other over a parking space. One is "
                        "jabbing a finger at the other. A small crowd is watching, and some "
                        "people are filming on their phones."
                    ),
                    "questions": [
                        "What could an officer say first to lower the tension?",
                        "Which communication obstacles might be at play here?",
                        "How might the crowd make things harder, and what could the officer do "
                        "about it?",
                    ],
                },
            ),
            (
                "policy_reference",
                {
                    "title": FAQ_TITLE,
                    "issuing_body": KCPD,
                    "effective_date": FAQ_DATE,
                    "summary": (
                        "KCPD's public answers to common questions about officer training, use "
                        "of force, body cameras and protests, published on May 29, 2020."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "single",
                "text": "Since which year has KCPD taught formal de-escalation courses?",
                "choices": [("2015", True), ("2005", False), ("2020", False)],
                "explanation": "Formal de-escalation courses began in 2015.",
            },
            {
                "kind": "true_false",
                "text": "Before 2015, de-escalation ideas played no part in KCPD training.",
                "choices": [("True", False), ("False", True)],
                "explanation": "KCPD says many of the ideas were taught long before the formal "
                "courses began.",
            },
            {
                "kind": "multiple",
                "text": "Which of these skills are part of KCPD training? (choose all that apply)",
                "choices": [
                    ("Tactical communication", True),
                    ("Tactical breathing", True),
                    ("Dealing with aggressive behavior", True),
                    ("Talking louder than everyone else", False),
                ],
                "explanation": "Tactical communication, tactical breathing and dealing with "
                "aggressive behavior are all taught. Raising your voice is not a skill on the "
                "list.",
            },
            {
                "kind": "single",
                "text": "What is tactical breathing for?",
                "choices": [
                    ("Staying calm and thinking clearly under stress", True),
                    ("Giving commands more loudly", False),
                    ("Running longer distances", False),
                ],
                "explanation": "Slow, steady breathing helps an officer manage stress and think "
                "clearly.",
            },
            {
                "kind": "single",
                "text": "What is a communication obstacle?",
                "choices": [
                    ("Anything that stops a message getting through, such as fear or anger", True),
                    ("A road block set up by police", False),
                    ("A rule that bars officers from talking to the public", False),
                ],
                "explanation": "Fear, anger, pain or trouble hearing can all get in the way of "
                "being understood.",
            },
        ],
    },
    {
        "number": 3,
        "slug": "crisis-intervention-team",
        "title": "Crisis Intervention Team",
        "summary": (
            "How officers are prepared to help people in a mental health or substance use crisis, "
            "and the awareness course required of officers who are not CIT-certified."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Explain in general terms what a Crisis Intervention Team (CIT) is.",
            "Describe the CIT introduction every KCPD recruit receives.",
            "Identify which officers must take the separate mental health awareness course.",
            "Discuss why a crisis call needs a different approach from other calls.",
        ],
        "body": [
            (
                "text",
                "<h2>When the call is about a crisis</h2>"
                "<p>Some calls are not about a crime at all. A person may be in a mental health "
                "crisis, or struggling with drugs or alcohol, and family or passers-by call the "
                "police because they do not know who else to call.</p>"
                "<p>These calls need a different approach. Sharp commands and sudden moves can "
                "frighten a person in crisis and make things worse. Patience, a calm voice and "
                "short, simple words tend to work better.</p>"
                "<h3>What a Crisis Intervention Team is</h3>"
                "<p>Many police departments across the United States use the Crisis Intervention "
                "Team model, usually shortened to CIT. In general, officers who take CIT training "
                "learn to recognize signs of mental illness and substance use, and to connect "
                "people with care.</p>"
                "<h3>How KCPD prepares its officers</h3>"
                "<p>Every recruit at the Kansas City Regional Police Academy gets an introduction "
                "to CIT: a first look at how to respond to someone in a mental health or "
                "substance use crisis.</p>"
                "<p>KCPD also requires a separate course in mental health awareness and "
                "de-escalation. Every field officer and supervisor has to take it, unless they "
                "already hold CIT certification.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts",
                    "facts": [
                        {
                            "figure": "Every recruit",
                            "label": "gets an introduction to CIT at the regional academy",
                        },
                        {
                            "figure": "Required course",
                            "label": "mental health awareness and de-escalation, for field "
                            "officers and supervisors",
                        },
                        {
                            "figure": "CIT-certified",
                            "label": "officers and supervisors who already hold CIT "
                            "certification do not need the separate course",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "important",
                    "heading": "If someone needs help now",
                    "text": "<p>If you or someone near you is in immediate danger, call 911. For a "
                    "mental health or substance use crisis, you can also call or text 988, the "
                    "national Suicide and Crisis Lifeline.</p>",
                },
            ),
            (
                "scenario",
                {
                    "title": "A man in distress at a bus stop",
                    "situation": (
                        "A man at a bus stop is talking loudly to people who are not there. He "
                        "looks scared and backs away when anyone comes close. A shop owner has "
                        "called the police because customers are afraid to walk past."
                    ),
                    "questions": [
                        "What might an officer notice before saying anything?",
                        "How is this call different from a report of a theft?",
                        "Who else could help this man, today and in the weeks after?",
                    ],
                },
            ),
            (
                "policy_reference",
                {
                    "title": FAQ_TITLE,
                    "issuing_body": KCPD,
                    "effective_date": FAQ_DATE,
                    "summary": (
                        "KCPD's public answers to common questions about officer training, use "
                        "of force, body cameras and protests, published on May 29, 2020."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "single",
                "text": "What does CIT stand for?",
                "choices": [
                    ("Crisis Intervention Team", True),
                    ("Criminal Investigation Taskforce", False),
                    ("City Inspection Team", False),
                ],
                "explanation": "CIT stands for Crisis Intervention Team.",
            },
            {
                "kind": "true_false",
                "text": "Every KCPD recruit gets an introduction to CIT at the regional academy.",
                "choices": [("True", True), ("False", False)],
                "explanation": "An introduction to CIT is part of recruit training.",
            },
            {
                "kind": "single",
                "text": "Who must take the separate mental health awareness and de-escalation "
                "course?",
                "choices": [
                    ("Field officers and supervisors who are not already CIT-certified", True),
                    ("Only new recruits", False),
                    ("Only detectives", False),
                ],
                "explanation": "The course is required for field officers and supervisors "
                "unless they already hold CIT certification.",
            },
            {
                "kind": "multiple",
                "text": "CIT training prepares officers for people in which kinds of crisis? "
                "(choose all that apply)",
                "choices": [
                    ("A mental health crisis", True),
                    ("A substance use crisis", True),
                    ("A dispute over a parking ticket", False),
                ],
                "explanation": "CIT is about responding to people in a mental health or "
                "substance use crisis.",
            },
            {
                "kind": "true_false",
                "text": "Officers who already hold CIT certification must still take the separate "
                "awareness course.",
                "choices": [("True", False), ("False", True)],
                "explanation": "The separate course is for those who are not yet CIT-certified.",
            },
        ],
    },
    {
        "number": 4,
        "slug": "bias-racial-profiling-and-cultural-diversity",
        "title": "Bias, racial profiling and cultural diversity",
        "summary": (
            "Where bias, racial profiling and cultural diversity come up in KCPD training: at the "
            "regional academy and in yearly in-service training."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Explain what bias and racial profiling mean.",
            "Describe where these topics appear in a KCPD officer's training.",
            "Discuss why cultural diversity matters in everyday police contacts.",
        ],
        "body": [
            (
                "text",
                "<h2>What the words mean</h2>"
                "<p><strong>Bias</strong> is leaning for or against a person or group. It can be "
                "open, or it can work quietly, without the person noticing.</p>"
                "<p><strong>Racial profiling</strong> means treating someone as a suspect because "
                "of their race or ethnicity, rather than because of what they did.</p>"
                "<p><strong>Cultural diversity</strong> is the mix of backgrounds, languages, "
                "faiths and customs in a community. Knowing about it helps an officer understand "
                "people and be understood.</p>"
                "<h2>Where it appears in training</h2>"
                "<p>Cultural diversity is one of the topics recruits study during their months "
                "at the Kansas City Regional Police Academy.</p>"
                "<p>Bias and racial profiling come back every year, as part of the three days of "
                "in-service training that all officers attend.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts",
                    "facts": [
                        {
                            "figure": "At the academy",
                            "label": "recruits study cultural diversity",
                        },
                        {
                            "figure": "Every year",
                            "label": "in-service training covers bias and racial profiling",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "note",
                    "heading": "What this module does not cover",
                    "text": "<p>KCPD's FAQ says these topics are taught, but it does not describe "
                    "the lessons or say how many hours they take. We have not filled that gap "
                    "with guesses. Bring your questions to class.</p>",
                },
            ),
            (
                "scenario",
                {
                    "title": "Two views of the same stop",
                    "situation": (
                        "A driver is pulled over for a broken tail light. The driver feels they "
                        "were stopped because of how they look. The officer says the light was "
                        "the only reason."
                    ),
                    "questions": [
                        "What could the officer say or do to make the reason for the stop clear?",
                        "Why might the driver's feeling matter, even if the stop was lawful?",
                        "What could training on bias change in a moment like this?",
                    ],
                },
            ),
            (
                "policy_reference",
                {
                    "title": FAQ_TITLE,
                    "issuing_body": KCPD,
                    "effective_date": FAQ_DATE,
                    "summary": (
                        "KCPD's public answers to common questions about officer training, use "
                        "of force, body cameras and protests, published on May 29, 2020."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "true_false",
                "text": "Cultural diversity is one of the topics taught at the Kansas City "
                "Regional Police Academy.",
                "choices": [("True", True), ("False", False)],
                "explanation": "Cultural diversity is part of recruit training.",
            },
            {
                "kind": "single",
                "text": "After the academy, when do KCPD officers get training on bias and racial "
                "profiling?",
                "choices": [
                    ("In their yearly in-service training", True),
                    ("Only when they are promoted", False),
                    ("Never again after the academy", False),
                ],
                "explanation": "Bias and racial profiling are part of the yearly in-service "
                "training.",
            },
            {
                "kind": "single",
                "text": "What is racial profiling?",
                "choices": [
                    (
                        "Treating someone as a suspect because of their race or ethnicity "
                        "rather than their actions",
                        True,
                    ),
                    ("Counting crimes by neighborhood", False),
                    ("Describing a suspect from what a witness saw", False),
                ],
                "explanation": "Racial profiling means suspecting someone because of who they "
                "are, not what they did. Using a witness's description of a person is not "
                "profiling.",
            },
            {
                "kind": "multiple",
                "text": "Where in KCPD training do these topics appear? (choose all that apply)",
                "choices": [
                    ("At the regional police academy", True),
                    ("In yearly in-service training", True),
                    ("Nowhere: they are left to each officer", False),
                ],
                "explanation": "Cultural diversity is taught at the academy, and bias and "
                "racial profiling in yearly in-service training.",
            },
        ],
    },
    {
        "number": 5,
        "slug": "response-to-resistance",
        "title": "Response to resistance",
        "summary": (
            "What KCPD means by response to resistance, its commitment to reasonable force and "
            "to preserving life, and where residents can read the policy."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Explain what the term response to resistance means.",
            "Describe the idea of reasonable force in general terms.",
            "Identify where residents can read KCPD's Response to Resistance policy.",
            "Discuss how de-escalation training relates to the use of force.",
        ],
        "body": [
            (
                "text",
                "<h2>Another name for use of force</h2>"
                "<p>KCPD uses the term <strong>response to resistance</strong> for what many "
                "people call use of force. The name reflects a common idea in policing: what an "
                "officer does should be a response to what the person does, such as pulling "
                "away, fighting or threatening someone.</p>"
                "<p>The department's rules on this are written down in its Response to "
                "Resistance policy. It is posted on the KCPD website along with the department's "
                "other policies, so anyone can read it.</p>"
                "<h2>Reasonable force and saving lives</h2>"
                "<p>KCPD published its FAQ in late May 2020, after the tragedy in Minneapolis. In "
                "it, the department said its training is meant to keep people alive and safe, "
                "and that it was reminding every officer of its commitment to using only "
                "reasonable force.</p>"
                "<p>In general terms, reasonable force is force that a careful, well-trained "
                "officer would see as fitting the situation, based on what was known at that "
                "moment. Courts in the United States use a test of this kind when they review "
                "police use of force.</p>"
                "<h3>How it connects to the rest of the course</h3>"
                "<p>De-escalation, tactical communication and crisis skills (modules 2 and 3) "
                "are all ways to settle a situation so that force is not needed, or so that less "
                "of it is needed.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts",
                    "facts": [
                        {
                            "figure": "Reasonable force",
                            "label": "the standard KCPD reminded its officers of in May 2020",
                        },
                        {
                            "figure": "Preserving life",
                            "label": "the aim KCPD says its officer training is built around",
                        },
                        {
                            "figure": "Online",
                            "label": "the Response to Resistance policy is on the KCPD "
                            "website with the department's other policies",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "important",
                    "heading": "Read the source",
                    "text": "<p>This module explains the ideas behind the policy. It does not "
                    "replace it, and it does not sum it up rule by rule. The policy itself sets "
                    "the rules: you can find it among the policies on the KCPD website.</p>",
                },
            ),
            (
                "scenario",
                {
                    "title": "A man who pulls away",
                    "situation": (
                        "An officer tells a man he is under arrest on a warrant. The man pulls "
                        "his arm free and steps back, but does not strike anyone. People on the "
                        "street stop to watch."
                    ),
                    "questions": [
                        "What could the officer try before using any force?",
                        "What would change if the man picked up a heavy object?",
                        "How would you decide whether the officer's response was reasonable?",
                    ],
                },
            ),
            (
                "policy_reference",
                {
                    "title": "Response to Resistance policy",
                    "issuing_body": KCPD,
                    "effective_date": FAQ_DATE,
                    "summary": (
                        "KCPD's policy on when and how officers may use force. The date shown is "
                        "when the department's FAQ pointed residents to it; check the policy for "
                        "its own date."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "single",
                "text": "What does KCPD call its policy on the use of force?",
                "choices": [
                    ("The Response to Resistance policy", True),
                    ("The Officer Safety Handbook", False),
                    ("The Fiscal Year 2020-21 budget", False),
                ],
                "explanation": "KCPD's use-of-force rules are in its Response to Resistance "
                "policy.",
            },
            {
                "kind": "true_false",
                "text": "Residents can read the Response to Resistance policy on the KCPD website.",
                "choices": [("True", True), ("False", False)],
                "explanation": "The policy is published on the department's website with its "
                "other policies.",
            },
            {
                "kind": "single",
                "text": "In May 2020, what did KCPD say it was reminding its officers of?",
                "choices": [
                    ("Its commitment to using only reasonable force", True),
                    ("A new target for arrests", False),
                    ("A change to shift hours", False),
                ],
                "explanation": "The department restated its commitment to reasonable force.",
            },
            {
                "kind": "multiple",
                "text": "Which skills from this course can help settle a situation without "
                "force? (choose all that apply)",
                "choices": [
                    ("Tactical communication", True),
                    ("De-escalation", True),
                    ("Tactical breathing to stay calm", True),
                    ("Shouting louder than the other person", False),
                ],
                "explanation": "Communication, de-escalation and staying calm all help avoid "
                "or reduce force.",
            },
            {
                "kind": "true_false",
                "text": "Reasonable force means the most force allowed, whatever the situation.",
                "choices": [("True", False), ("False", True)],
                "explanation": "Reasonable force is force that fits the situation as it was "
                "known at the time.",
            },
        ],
    },
    {
        "number": 6,
        "slug": "cameras-and-accountability",
        "title": "Cameras and accountability",
        "summary": (
            "The cameras KCPD had in May 2020: dash cameras in patrol cars for decades, body "
            "cameras requested but not funded, and why cameras cost so much."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Describe the camera equipment in KCPD patrol cars.",
            "Explain why body cameras are expensive for a police department.",
            "Describe where KCPD's body camera funding stood in May 2020.",
            "Identify the budget KCPD points to and when it took effect.",
        ],
        "body": [
            (
                "text",
                "<h2>Cameras in the car</h2>"
                "<p>KCPD patrol cars carry dash cameras that record both picture and sound. The "
                "department has used them for decades.</p>"
                "<p>A dash camera is fixed to the car, so it sees what is in front of the car. It "
                "can capture much of a traffic stop, but it cannot follow an officer who walks "
                "away from the vehicle.</p>"
                "<h2>Body cameras: wanted, but not funded</h2>"
                "<p>A body camera is worn on the officer's uniform and records wherever the "
                "officer goes.</p>"
                "<p>By May 2020, KCPD had been asking for money for body cameras for several "
                "years. It had not yet found a funding source set aside for them.</p>"
                "<h3>Why they cost so much</h3>"
                "<ul>"
                "<li><strong>Equipment</strong>: the cameras themselves and what is needed to "
                "run them.</li>"
                "<li><strong>Storage</strong>: video files are large, and recordings have to be "
                "kept safely, sometimes for a long time.</li>"
                "</ul>"
                "<p>What the department can spend each year is set out in its budget. The Fiscal "
                "Year 2020-21 budget took effect on May 1, 2020, and residents can read it.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts (as of May 2020)",
                    "facts": [
                        {
                            "figure": "Decades",
                            "label": "KCPD patrol cars have had dash cameras with video and sound",
                        },
                        {
                            "figure": "Several years",
                            "label": "KCPD had been asking for body camera funding",
                        },
                        {
                            "figure": "No dedicated funding",
                            "label": "had yet been found for body cameras",
                        },
                        {
                            "figure": "May 1, 2020",
                            "label": "the Fiscal Year 2020-21 budget took effect",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "important",
                    "heading": "A snapshot from May 2020",
                    "text": "<p>The facts in this module come from KCPD's FAQ of May 29, 2020. "
                    "Funding and equipment may have changed since. Check the department's "
                    "website for the current situation.</p>",
                },
            ),
            (
                "scenario",
                {
                    "title": "Choosing between priorities",
                    "situation": (
                        "A city has a fixed amount of money for its police department next "
                        "year. Body cameras would need money for the cameras and for storing "
                        "video, year after year. Other requests compete for the same money."
                    ),
                    "questions": [
                        "What would you want to know before deciding?",
                        "Who should be able to see the recordings, and how long should they be "
                        "kept?",
                        "What can a dash camera show, and what can it miss?",
                    ],
                },
            ),
            (
                "policy_reference",
                {
                    "title": "Fiscal Year 2020-21 budget",
                    "issuing_body": KCPD,
                    "effective_date": "2020-05-01",
                    "summary": (
                        "The department's spending plan for the year that began on May 1, 2020. "
                        "KCPD's FAQ points to it when explaining body camera funding."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "single",
                "text": "What recording equipment did KCPD patrol cars have in May 2020?",
                "choices": [
                    ("Dash cameras that record video and sound", True),
                    ("Body cameras only", False),
                    ("No cameras at all", False),
                ],
                "explanation": "Patrol cars have had dash cameras with audio and video for "
                "decades.",
            },
            {
                "kind": "multiple",
                "text": "Why are body cameras expensive? (choose all that apply)",
                "choices": [
                    ("The equipment", True),
                    ("Storing the video", True),
                    ("Each camera needs a second officer to run it", False),
                ],
                "explanation": "KCPD names equipment and storage as the main costs.",
            },
            {
                "kind": "true_false",
                "text": "By May 2020, KCPD had found a dedicated funding source for body cameras.",
                "choices": [("True", False), ("False", True)],
                "explanation": "The department had asked for funding for several years but had "
                "not secured a dedicated source.",
            },
            {
                "kind": "single",
                "text": "When did KCPD's Fiscal Year 2020-21 budget take effect?",
                "choices": [
                    ("May 1, 2020", True),
                    ("January 1, 2020", False),
                    ("May 29, 2020", False),
                ],
                "explanation": "The budget took effect on May 1, 2020. May 29 is the date the "
                "FAQ was published.",
            },
            {
                "kind": "true_false",
                "text": "Dash cameras have been in KCPD patrol cars for decades.",
                "choices": [("True", True), ("False", False)],
                "explanation": "KCPD says its patrol cars have had them for decades.",
            },
        ],
    },
    {
        "number": 7,
        "slug": "protests-and-the-first-amendment",
        "title": "Protests and the First Amendment",
        "summary": (
            "How KCPD approaches protests: helping people use their First Amendment rights "
            "safely while protecting life and property, as set out in Annex D of a policy."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Explain which rights the First Amendment protects at a protest.",
            "Describe the duties KCPD balances during protests and demonstrations.",
            "Identify the policy that guides KCPD's response to protests.",
            "Discuss how residents and police can help a demonstration stay safe.",
        ],
        "body": [
            (
                "text",
                "<h2>Your right to speak and gather</h2>"
                "<p>The First Amendment to the US Constitution protects free speech, the right "
                "to gather peacefully and the right to ask the government to change things. A "
                "protest or demonstration is one of the most visible ways people use these "
                "rights.</p>"
                "<p>KCPD has said it wants to help people use their First Amendment rights "
                "safely.</p>"
                "<h2>More than one duty at once</h2>"
                "<p>The department is also responsible for keeping people safe and protecting "
                "property. Often these "
                "duties fit together: for example, keeping traffic away from a march protects "
                "the marchers. The hard moments come when part of a crowd puts people or "
                "buildings at risk.</p>"
                "<h3>The written rules</h3>"
                "<p>KCPD's approach is set out in Annex D of its Response to Primarily Civil "
                "Incidents policy. An annex is an added section of a larger document. This one "
                "deals with protests and demonstrations.</p>"
                "<p>The policy's name suggests it covers events that are mainly civil in nature "
                "rather than criminal. Read the policy for the department's own wording.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts",
                    "facts": [
                        {
                            "figure": "First Amendment",
                            "label": "rights KCPD says it is committed to helping people use "
                            "safely",
                        },
                        {
                            "figure": "Life and property",
                            "label": "what the department also has a duty to protect",
                        },
                        {
                            "figure": "Annex D",
                            "label": "the part of the Response to Primarily Civil Incidents "
                            "policy on protests and demonstrations",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "heading": "Going to a demonstration?",
                    "text": "<p>These are general tips, not KCPD rules:</p>"
                    "<ul>"
                    "<li>Know the planned route and meeting point.</li>"
                    "<li>Bring water and a charged phone.</li>"
                    "<li>Agree where your group will meet if you get separated.</li>"
                    "<li>If you do not understand an officer's instruction, ask calmly.</li>"
                    "</ul>",
                },
            ),
            (
                "scenario",
                {
                    "title": "A march that splits",
                    "situation": (
                        "A planned march is going well. As evening comes, a small group breaks "
                        "away and starts blocking a busy road. Most marchers stay on the agreed "
                        "route."
                    ),
                    "questions": [
                        "How can police protect the right to protest of those who stay on the "
                        "route?",
                        "What is the risk in treating the whole crowd the same way?",
                        "What information would help marchers and police avoid confusion?",
                    ],
                },
            ),
            (
                "policy_reference",
                {
                    "title": "Response to Primarily Civil Incidents policy, Annex D",
                    "issuing_body": KCPD,
                    "effective_date": FAQ_DATE,
                    "summary": (
                        "The annex of KCPD's civil incidents policy that covers protests and "
                        "demonstrations. The date shown is when the department's FAQ pointed "
                        "residents to it; check the policy for its own date."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "single",
                "text": "Which document does KCPD point to for its policy on protests and "
                "demonstrations?",
                "choices": [
                    ("Annex D of the Response to Primarily Civil Incidents policy", True),
                    ("The Fiscal Year 2020-21 budget", False),
                    ("The mental health awareness course", False),
                ],
                "explanation": "Protests and demonstrations are covered in Annex D of the "
                "Response to Primarily Civil Incidents policy.",
            },
            {
                "kind": "multiple",
                "text": "What does KCPD say it aims to do at protests? (choose all that apply)",
                "choices": [
                    ("Help people use their First Amendment rights safely", True),
                    ("Protect life", True),
                    ("Protect property", True),
                    ("Decide which causes are allowed to protest", False),
                ],
                "explanation": "KCPD supports First Amendment rights and is also responsible for "
                "protecting life and property. Choosing causes is not part of it.",
            },
            {
                "kind": "true_false",
                "text": "The First Amendment protects the right of people to gather peacefully.",
                "choices": [("True", True), ("False", False)],
                "explanation": "Peaceful assembly is one of the rights the First Amendment "
                "protects.",
            },
            {
                "kind": "single",
                "text": "What is an annex?",
                "choices": [
                    ("An added section of a larger document", True),
                    ("A separate police unit", False),
                    ("A type of court order", False),
                ],
                "explanation": "An annex is a section added to a larger document, here to a "
                "policy.",
            },
        ],
    },
    {
        "number": 8,
        "slug": "first-aid-and-life-saving",
        "title": "First aid and life-saving",
        "summary": (
            "Officers keep their life-saving skills current: CPR and first aid are refreshed in "
            "their yearly in-service training."
        ),
        "duration_minutes": 180,
        "objectives": [
            "Explain what CPR and first aid are.",
            "Describe how KCPD officers keep their CPR and first-aid skills current.",
            "Identify ways residents can learn basic life-saving skills.",
        ],
        "body": [
            (
                "text",
                "<h2>Officers are often first on the scene</h2>"
                "<p>Police officers are often among the first people to reach someone who is hurt "
                "or has collapsed. In those first minutes, basic life-saving skills can make a "
                "real difference.</p>"
                "<p>KCPD officers go over these skills again during their three days of "
                "in-service training each year. The refreshers include CPR and first aid. The "
                "FAQ does not say how long they last or what else they include.</p>"
                "<h3>What the terms mean</h3>"
                "<ul>"
                "<li><strong>CPR</strong> (cardiopulmonary resuscitation) means chest "
                "compressions, sometimes with rescue breaths, for someone whose heart has "
                "stopped. It keeps blood moving until medical help arrives.</li>"
                "<li><strong>First aid</strong> is the care given right away for an injury or "
                "sudden illness, such as pressing on a wound to slow bleeding.</li>"
                "</ul>"
                "<p>Skills like these can fade without practice, which is one reason for regular "
                "refreshers.</p>",
            ),
            (
                "key_facts",
                {
                    "heading": "Key facts",
                    "facts": [
                        {
                            "figure": "Every year",
                            "label": "officers refresh CPR and first aid in in-service training",
                        },
                        {
                            "figure": "3 days",
                            "label": "of yearly in-service training, which includes these "
                            "refreshers",
                        },
                    ],
                },
            ),
            (
                "callout",
                {
                    "tone": "tip",
                    "heading": "Learn it yourself",
                    "text": "<p>You do not need to be an officer to learn CPR. Many hospitals "
                    "and community groups offer short courses for the public. It is one of the "
                    "most useful skills a neighbor can have.</p>",
                },
            ),
            (
                "policy_reference",
                {
                    "title": FAQ_TITLE,
                    "issuing_body": KCPD,
                    "effective_date": FAQ_DATE,
                    "summary": (
                        "KCPD's public answers to common questions about officer training, use "
                        "of force, body cameras and protests, published on May 29, 2020."
                    ),
                    "url": KCPD_URL,
                },
            ),
        ],
        "quiz": [
            {
                "kind": "true_false",
                "text": "KCPD officers refresh their CPR and first-aid skills in their yearly "
                "in-service training.",
                "choices": [("True", True), ("False", False)],
                "explanation": "CPR and first aid are refreshed during in-service training.",
            },
            {
                "kind": "single",
                "text": "What does CPR stand for?",
                "choices": [
                    ("Cardiopulmonary resuscitation", True),
                    ("Certified police response", False),
                    ("Critical patient report", False),
                ],
                "explanation": "CPR stands for cardiopulmonary resuscitation.",
            },
            {
                "kind": "single",
                "text": "How many days of in-service training do KCPD officers attend each year?",
                "choices": [("Three", True), ("Seven", False), ("Thirty", False)],
                "explanation": "Officers attend three days of in-service training a year.",
            },
            {
                "kind": "multiple",
                "text": "Which of these are examples of first aid? (choose all that apply)",
                "choices": [
                    ("Pressing on a wound to slow bleeding", True),
                    ("Keeping an injured person still and calm until help arrives", True),
                    ("Performing surgery at the scene", False),
                ],
                "explanation": "First aid is simple care given right away. Surgery is not first "
                "aid.",
            },
        ],
    },
]

PAGES = [
    {
        "slug": "about",
        "title": "About the academy",
        "intro": "Why the academy exists, what happens in class and what you take away.",
        "body": [
            (
                "text",
                "<h2>Why we run it</h2>"
                "<p>Most people meet a police officer only at a hard moment: after a crash, a "
                "theft or a call for help. The academy offers a calmer way to meet. You sit in a "
                "classroom, ask questions and hear how officers are trained and why they act as "
                "they do.</p>"
                "<h2>What happens in class</h2>"
                "<p>Each weekly class covers one module of the curriculum, such as "
                "de-escalation, crisis response or cameras. The group talks through realistic "
                "situations and shares views. Each module also has a short quiz so you can check "
                "what you learned.</p>"
                "<h2>What you take away</h2>"
                "<p>Graduates receive a certificate. More than that, they leave knowing where to "
                "find the department's policies, how to read them and which questions are worth "
                "asking.</p>"
                "<p>The Kansas City Missouri Police Department (KCPD) invites residents who want "
                "a closer look at its work to take its Citizens Police Academy. The course "
                "material here draws on the answers KCPD published for residents in May 2020.</p>",
            ),
            (
                "callout",
                {
                    "tone": "note",
                    "heading": "About this demo",
                    "text": "<p>This site shows example content. The class schedule, rules and "
                    "contact details are examples. The facts in the modules come from KCPD's "
                    "public FAQ, published on May 29, 2020.</p>",
                },
            ),
        ],
    },
    {
        "slug": "faq",
        "title": "Questions and answers",
        "intro": "Common questions about applying to the academy and taking part.",
        "body": [
            (
                "text",
                "<h2>Who can apply?</h2>"
                "<p>Anyone aged 18 or over who lives, works or studies in the city. You do not "
                "need any knowledge of policing.</p>"
                "<h2>How much does it cost?</h2>"
                "<p>Nothing. The academy is free.</p>"
                "<h2>When and where are the classes?</h2>"
                "<p>A class runs for about eight weeks, with one evening session a week of about "
                "three hours, for example Wednesdays from 6 to 9 p.m. Sessions take place in the "
                "Regional Police Academy classroom. The dates for each class are listed on the "
                "academy page.</p>"
                "<h2>Is there a background check?</h2>"
                "<p>Yes. When you apply, you give your consent to a background check. Some "
                "records can rule an applicant out. If your application is declined, we will "
                "tell you why.</p>"
                "<h2>How do I apply?</h2>"
                "<p>Create an account and confirm your email address. Then choose a class, answer "
                "the eligibility questions and give your consent to the background check. We "
                "email you when your application arrives, and you can follow it under "
                "<strong>My academy</strong>.</p>"
                "<h2>What if the class is full?</h2>"
                "<p>You can join the waiting list. When a seat frees up, we offer it by email to "
                "the next person on the list, with a deadline to accept.</p>"
                "<h2>What do I need to graduate?</h2>"
                "<p>Come to the sessions: you can miss at most one. Graduates receive a "
                "certificate, and anyone can check that it is genuine with the code printed on "
                "it.</p>",
            ),
        ],
    },
]
