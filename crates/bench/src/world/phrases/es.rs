//! Spanish phrases (our own writing).

use super::Table;

pub const ES: Table = Table {
    greet: &[
        "Hola,",
        "Buenos días,",
        "Buenas tardes,",
        "Estimados señores:",
        "",
    ],
    close: &[
        "Gracias, {name}",
        "Un saludo,\n{name}",
        "Saludos cordiales\n{name}",
        "",
    ],
    follow_up: &[
        "¿Alguna novedad?",
        "Sigo esperando una respuesta.",
        "¿Hola? Ya han pasado varios días.",
    ],
    agent: &[
        "Gracias por escribirnos, lo estamos revisando.",
        "¿Nos puede indicar el número de pedido, por favor?",
    ],
    subjects: [
        &["Reembolso", "Devolución del dinero", "Quiero un reembolso"],
        &["¿Dónde está mi reembolso?", "Estado del reembolso"],
        &["Cobro duplicado", "Me han cobrado dos veces"],
        &["Cargo desconocido", "¿Qué es este cargo?"],
        &["Cobro tras cancelar", "Cancelé y me siguen cobrando"],
        &["Cancelar suscripción", "Darme de baja"],
        &["Pago fallido", "Tarjeta rechazada"],
        &["Cambiar tarjeta", "Actualizar método de pago"],
        &["Factura", "Necesito la factura", "Recibo"],
        &["Contracargo", "Disputa con el banco"],
        &["¿Dónde está mi pedido?", "Estado del envío"],
        &["Consulta", "Pregunta", "Contraseña"],
    ],
    bodies: [
        &[
            "Quiero que me devuelvan el dinero del pedido {order}, el café llegó pasado.",
            "Por favor, reembolsadme los {amount}, el molinillo se rompió a la semana.",
            "El paquete del pedido {order} llegó abierto. Quiero un reembolso.",
            "Devuelvo el café del {date} y pido el reembolso de {amount}.",
            "reembolso porfa, me mandaron otro tueste",
            "No estoy nada contento con el espresso, quiero que me devuelvan el dinero.",
        ],
        &[
            "Me dijeron que me devolvían {amount} pero en la tarjeta no aparece nada.",
            "¿Cuándo me llega el reembolso del pedido {order}?",
            "Me prometieron el reembolso hace días y aún no lo veo. ¿Cómo va?",
        ],
        &[
            "Me habéis cobrado dos veces el pedido {order}, {amount} cada vez.",
            "En mi tarjeta terminada en {last4} aparece el mismo cargo de {amount} dos veces el {date}.",
            "Me cobrasteis dos veces por un solo pedido, arregladlo por favor.",
        ],
        &[
            "Tengo un cargo de {amount} del {date} que no reconozco.",
            "Veo un pago a KAFFEEKANTE en mi extracto y no sé qué es.",
            "¿Quién ha cobrado en mi tarjeta terminada en {last4}? Nunca os he comprado nada.",
        ],
        &[
            "Cancelé la suscripción y aun así me cobrasteis {amount} el {date}.",
            "¿Por qué me habéis vuelto a cobrar? Cancelé el plan el mes pasado.",
            "Me di de baja y me han cobrado igualmente, quiero ese dinero de vuelta.",
        ],
        &[
            "Por favor, cancelad mi suscripción, tengo demasiado café en casa.",
            "Quiero darme de baja del plan mensual.",
            "cancelar suscripción por favor",
        ],
        &[
            "Mi pago ha fallado y no sé por qué, la tarjeta funciona en otros sitios.",
            "Al pagar {amount} me dice que la tarjeta ha sido rechazada.",
            "No se ha podido cobrar la renovación, ¿qué hago?",
        ],
        &[
            "Tengo una tarjeta nueva y necesito actualizar mis datos de pago.",
            "¿Cómo cambio la tarjeta de mi suscripción? La antigua ha caducado.",
            "Enviadme un enlace para cambiar la tarjeta terminada en {last4}.",
        ],
        &[
            "¿Me podéis enviar la factura del pedido {order}? La necesito para la empresa.",
            "Necesito un justificante del pago de {amount} del {date}.",
            "Por favor, enviadme la factura de mi suscripción.",
        ],
        &[
            "Os aviso de que he abierto una disputa con mi banco por el pedido {order}.",
            "He pedido un contracargo de los {amount} porque no llegó nada.",
            "Mi banco ha reclamado el cargo del {date}.",
            "He pedido a mi banco que anule vuestro cobro y han abierto una disputa.",
        ],
        &[
            "¿Dónde está mi pedido {order}? Ya van dos semanas.",
            "Mi paquete todavía no ha llegado, ¿podéis mirar el seguimiento?",
            "¿Se ha enviado ya el pedido {order}?",
        ],
        &[
            "No puedo entrar en mi cuenta, nunca me llega el correo para cambiar la contraseña.",
            "¿Vendéis al por mayor para cafeterías?",
            "¡El café de Etiopía está buenísimo!",
            "¿Enviáis a Canarias?",
        ],
    ],
};
