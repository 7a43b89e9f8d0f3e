//! English phrases (our own writing).

use super::Table;

pub const EN: Table = Table {
    greet: &[
        "Hi,",
        "Hello,",
        "Hi there,",
        "Good morning,",
        "Hey,",
        "Dear support team,",
        "",
    ],
    close: &[
        "Thanks, {name}",
        "Best, {name}",
        "Cheers\n{name}",
        "Thank you!",
        "Regards,\n{name}",
        "",
    ],
    follow_up: &[
        "Any update on this?",
        "Still waiting to hear back from you.",
        "Hello? It's been days.",
        "Just checking in on my message below.",
    ],
    agent: &[
        "Thanks for reaching out, we're looking into it.",
        "Could you tell us the order number, please?",
    ],
    subjects: [
        &[
            "Refund please",
            "Return and refund",
            "Money back",
            "Refund for my order",
        ],
        &[
            "Where is my refund?",
            "Refund status",
            "Refund not received",
        ],
        &["Charged twice", "Double charge", "Duplicate payment"],
        &[
            "Unknown charge",
            "What is this charge?",
            "Charge I don't recognise",
        ],
        &["Charged after cancelling", "Cancelled but still billed"],
        &[
            "Cancel my subscription",
            "Cancel subscription",
            "Stop my plan",
        ],
        &["Payment failed", "Card declined", "Can't pay"],
        &["Update card", "New card details", "Change payment method"],
        &["Invoice needed", "Receipt please", "Invoice request"],
        &["Chargeback", "Dispute with my bank", "I disputed a payment"],
        &["Where is my order?", "Order status", "Delivery"],
        &["Question", "Hello", "Account help", "Wholesale"],
    ],
    bodies: [
        &[
            "I'd like a refund for order {order}, the beans arrived stale.",
            "Please refund the {amount} I paid, the grinder broke after one week.",
            "Can I get my money back for {order}? The bag was torn open when it arrived.",
            "I want to return the coffee from my order on {date} and get a refund of {amount}.",
            "refund pls, wrong roast sent",
            "I'm not happy with the espresso beans at all and would like a refund.",
        ],
        &[
            "You said you refunded {amount} but nothing has shown up on my card yet.",
            "When will the refund for {order} reach my account?",
            "I was promised a refund days ago and still don't see it. What's the status?",
            "Has my refund been processed? It's not on my statement.",
        ],
        &[
            "I was charged twice for order {order}, {amount} two times on my card.",
            "My card ending {last4} shows the same payment of {amount} twice on {date}.",
            "You took the money twice for one order, please fix this.",
            "Double charged!! I only ordered once.",
        ],
        &[
            "There's a charge of {amount} from you on {date} that I don't recognise.",
            "I see a payment to KAFFEEKANTE on my statement and have no idea what it is.",
            "Who charged my card ending {last4}? I never bought anything from you.",
            "What is this {amount} payment? I didn't make it.",
        ],
        &[
            "I cancelled my subscription but you still charged me {amount} on {date}.",
            "Why was I billed again? I cancelled the coffee plan last month.",
            "I ended my subscription and got charged anyway, I want that money back.",
        ],
        &[
            "Please cancel my subscription, I have too much coffee at home.",
            "I'd like to stop my monthly plan effective now.",
            "cancel my sub please",
            "How do I cancel the coffee subscription? I want to end it.",
        ],
        &[
            "My payment failed and I don't know why, the card works everywhere else.",
            "Your checkout says my card was declined when I try to pay {amount}.",
            "The renewal payment didn't go through, what do I do?",
            "card declined again, what's going on",
        ],
        &[
            "I got a new card and need to update my payment details.",
            "How do I change the card on my subscription? The old one expired.",
            "Please send me a link to update my card ending {last4}.",
        ],
        &[
            "Could you send me an invoice for order {order}? I need it for my expenses.",
            "I need a receipt for the payment of {amount} on {date}.",
            "Please email me the invoice for my subscription.",
            "Can I get a proper VAT invoice for my last purchase?",
        ],
        &[
            "Just to let you know I opened a dispute with my bank for order {order}.",
            "I filed a chargeback for the {amount} payment because nothing arrived.",
            "My bank is disputing the charge from {date}, I had no choice.",
            "I asked my bank to reverse your payment, they opened a dispute.",
        ],
        &[
            "Where is my order {order}? It's been two weeks.",
            "My package still hasn't arrived, can you check the tracking?",
            "Has order {order} shipped yet?",
            "When will my coffee be delivered?",
        ],
        &[
            "I can't log in to my account, the password reset email never comes.",
            "Do you sell wholesale to cafés?",
            "Just wanted to say the Ethiopian roast is amazing!",
            "Do you ship to Norway?",
            "Is the decaf processed without chemicals?",
        ],
    ],
};
