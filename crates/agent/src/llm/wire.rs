//! The chat-completions request and answer, in OpenAI's documented shape
//! (`POST {base}/chat/completions`), which Ollama, vLLM and llama.cpp's
//! server accept too.

use serde::Serialize;
use serde_json::Value;

use super::LlmError;

/// One chat-completions request, without the model (the client adds it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatRequest {
    /// The conversation: a system message, then the user's.
    pub messages: Vec<ChatMessage>,
    /// Functions the model may call.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tools: Vec<Tool>,
    /// `{"type":"function","function":{"name":…}}` to force one call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<Value>,
    /// 0 for answers that should not vary between runs.
    pub temperature: f32,
}

/// A message of the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatMessage {
    /// `system` or `user`.
    pub role: &'static str,
    pub content: String,
}

impl ChatMessage {
    /// The instructions.
    pub fn system(content: impl Into<String>) -> ChatMessage {
        ChatMessage {
            role: "system",
            content: content.into(),
        }
    }

    /// What the model works on.
    pub fn user(content: impl Into<String>) -> ChatMessage {
        ChatMessage {
            role: "user",
            content: content.into(),
        }
    }
}

/// A function the model may call: `{"type":"function","function":{name, description, parameters}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tool {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub function: FunctionDef,
}

/// A function's name, what it is for, and its arguments as a JSON schema.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunctionDef {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: Value,
}

impl Tool {
    /// A function tool.
    pub fn function(name: &'static str, description: &'static str, parameters: Value) -> Tool {
        Tool {
            kind: "function",
            function: FunctionDef {
                name,
                description,
                parameters,
            },
        }
    }

    /// The `tool_choice` that makes the model call this tool.
    pub fn forced(&self) -> Value {
        serde_json::json!({"type": "function", "function": {"name": self.function.name}})
    }
}

/// The first choice's message: its text and its tool calls.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Completion {
    pub content: Option<String>,
    pub tool_calls: Vec<ToolCall>,
}

/// A call the model made: the function's name and its arguments (JSON text).
#[derive(Debug, Clone, PartialEq)]
pub struct ToolCall {
    pub name: String,
    pub arguments: String,
}

/// Reads a chat-completions answer body; anything but a first choice with a message is malformed.
pub fn parse_completion(body: &[u8]) -> Result<Completion, LlmError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| LlmError::Malformed(format!("the answer is not JSON: {e}")))?;
    let message = value
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|choices| choices.first())
        .and_then(|choice| choice.get("message"))
        .ok_or_else(|| LlmError::Malformed("the answer has no choices[0].message".into()))?;
    let content = message
        .get("content")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .map(str::to_string);
    let tool_calls = message
        .get("tool_calls")
        .and_then(Value::as_array)
        .map(|calls| calls.iter().filter_map(tool_call).collect())
        .unwrap_or_default();
    Ok(Completion {
        content,
        tool_calls,
    })
}

/// One entry of `tool_calls`; OpenAI sends `arguments` as JSON text, some servers as an object.
fn tool_call(call: &Value) -> Option<ToolCall> {
    let function = call.get("function")?;
    let name = function.get("name")?.as_str()?.to_string();
    let arguments = match function.get("arguments")? {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    Some(ToolCall { name, arguments })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tool_calls_with_text_or_object_arguments() {
        let body = br#"{"choices":[{"index":0,"message":{"role":"assistant","content":null,
            "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}},
                          {"id":"call_2","type":"function","function":{"name":"g","arguments":{"b":2}}}]},
            "finish_reason":"tool_calls"}]}"#;
        let c = parse_completion(body).unwrap();
        assert_eq!(c.content, None);
        assert_eq!(c.tool_calls[0].arguments, r#"{"a":1}"#);
        assert_eq!(c.tool_calls[1].name, "g");
        assert_eq!(c.tool_calls[1].arguments, r#"{"b":2}"#);
    }

    #[test]
    fn an_answer_without_choices_is_malformed() {
        for body in [&br#"{"choices":[]}"#[..], br#"{"error":"x"}"#, b"<html>"] {
            assert!(matches!(
                parse_completion(body),
                Err(LlmError::Malformed(_))
            ));
        }
    }

    #[test]
    fn the_request_has_openai_field_names() {
        let tool = Tool::function("f", "does f", serde_json::json!({"type": "object"}));
        let request = ChatRequest {
            messages: vec![ChatMessage::system("s"), ChatMessage::user("u")],
            tool_choice: Some(tool.forced()),
            tools: vec![tool],
            temperature: 0.0,
        };
        let v = serde_json::to_value(&request).unwrap();
        assert_eq!(v["messages"][1]["role"], "user");
        assert_eq!(v["tools"][0]["type"], "function");
        assert_eq!(v["tools"][0]["function"]["name"], "f");
        assert_eq!(v["tool_choice"]["function"]["name"], "f");
    }
}
