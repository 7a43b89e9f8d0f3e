//! French phrases (our own writing).

use super::Table;

pub const FR: Table = Table {
    greet: &["Bonjour,", "Bonsoir,", "Madame, Monsieur,", "Salut,", ""],
    close: &[
        "Merci, {name}",
        "Cordialement,\n{name}",
        "Bien à vous\n{name}",
        "",
    ],
    follow_up: &[
        "Des nouvelles ?",
        "J'attends toujours une réponse.",
        "Allô ? Cela fait plusieurs jours.",
    ],
    agent: &[
        "Merci pour votre message, nous regardons cela.",
        "Pourriez-vous nous donner le numéro de commande ?",
    ],
    subjects: [
        &[
            "Remboursement",
            "Rembourser ma commande",
            "Je veux être remboursé",
        ],
        &["Où est mon remboursement ?", "Suivi du remboursement"],
        &["Débité deux fois", "Double prélèvement"],
        &["Prélèvement inconnu", "C'est quoi ce paiement ?"],
        &["Prélevé après résiliation", "Résilié mais encore débité"],
        &["Résilier mon abonnement", "Annulation de l'abonnement"],
        &["Paiement refusé", "Carte refusée"],
        &["Changer de carte", "Mettre à jour le moyen de paiement"],
        &["Facture", "Demande de facture", "Reçu"],
        &["Opposition bancaire", "Litige avec ma banque"],
        &["Où est ma commande ?", "Suivi de livraison"],
        &["Question", "Renseignement", "Mot de passe"],
    ],
    bodies: [
        &[
            "Je souhaite être remboursé pour la commande {order}, le café était éventé.",
            "Merci de me rembourser les {amount}, le moulin est tombé en panne après une semaine.",
            "Le sachet de la commande {order} est arrivé déchiré. Je voudrais un remboursement.",
            "Je renvoie le café du {date} et je demande le remboursement de {amount}.",
            "remboursement svp, mauvaise torréfaction",
            "Je ne suis pas du tout satisfait de l'espresso et je voudrais être remboursé.",
        ],
        &[
            "Vous m'avez annoncé un remboursement de {amount} mais rien n'est arrivé sur ma carte.",
            "Quand vais-je recevoir le remboursement de la commande {order} ?",
            "On m'a promis un remboursement il y a plusieurs jours et je ne vois toujours rien. Où en est-il ?",
        ],
        &[
            "J'ai été débité deux fois pour la commande {order}, {amount} à chaque fois.",
            "Sur ma carte se terminant par {last4}, le paiement de {amount} du {date} apparaît deux fois.",
            "Vous avez encaissé deux fois une seule commande, merci de corriger.",
        ],
        &[
            "Je vois un prélèvement de {amount} du {date} que je ne reconnais pas.",
            "Il y a un paiement à KAFFEEKANTE sur mon relevé et je ne sais pas ce que c'est.",
            "Qui a débité ma carte se terminant par {last4} ? Je n'ai jamais rien acheté chez vous.",
        ],
        &[
            "J'ai résilié mon abonnement et vous m'avez quand même prélevé {amount} le {date}.",
            "Pourquoi ai-je encore été débité ? J'ai annulé l'abonnement le mois dernier.",
            "Malgré ma résiliation j'ai été prélevé, je veux récupérer cet argent.",
        ],
        &[
            "Merci de résilier mon abonnement, j'ai trop de café à la maison.",
            "Je voudrais arrêter mon abonnement mensuel.",
            "annuler abonnement svp",
        ],
        &[
            "Mon paiement a échoué et je ne comprends pas pourquoi, la carte marche ailleurs.",
            "En payant {amount}, on me dit que ma carte est refusée.",
            "Le paiement du renouvellement n'est pas passé, que dois-je faire ?",
        ],
        &[
            "J'ai une nouvelle carte et je dois mettre à jour mes informations de paiement.",
            "Comment changer la carte de mon abonnement ? L'ancienne a expiré.",
            "Envoyez-moi un lien pour remplacer la carte se terminant par {last4}.",
        ],
        &[
            "Pouvez-vous m'envoyer la facture de la commande {order} ? J'en ai besoin pour ma comptabilité.",
            "J'ai besoin d'un justificatif pour le paiement de {amount} du {date}.",
            "Merci de m'envoyer la facture de mon abonnement.",
        ],
        &[
            "Pour information, j'ai ouvert un litige auprès de ma banque pour la commande {order}.",
            "J'ai fait opposition sur les {amount} car rien n'est arrivé.",
            "Ma banque conteste le prélèvement du {date}.",
            "J'ai demandé à ma banque d'annuler votre prélèvement, un litige est ouvert.",
        ],
        &[
            "Où est ma commande {order} ? Cela fait deux semaines.",
            "Mon colis n'est toujours pas arrivé, pouvez-vous vérifier le suivi ?",
            "La commande {order} est-elle partie ?",
        ],
        &[
            "Je n'arrive pas à me connecter, l'e-mail de réinitialisation du mot de passe n'arrive jamais.",
            "Vendez-vous en gros aux cafés ?",
            "Le café d'Éthiopie est excellent, bravo !",
            "Livrez-vous en Suisse ?",
        ],
    ],
};
