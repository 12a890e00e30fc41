//! The outcomes file (schema/client-outcome.schema.json): one JSON line each, written and flushed at
//! once so that a crash leaves what happened so far.

use std::fs::File;
use std::io::Write;
use std::sync::Mutex;

use serde_json::Value;

pub struct Outcomes(Mutex<File>);

impl Outcomes {
    pub fn create(path: &str) -> std::io::Result<Self> {
        Ok(Self(Mutex::new(File::create(path)?)))
    }

    pub fn write(&self, line: &Value) {
        let mut file = self.0.lock().expect("outcomes lock");
        if let Err(error) = writeln!(file, "{line}").and_then(|()| file.flush()) {
            eprintln!("client: cannot write an outcome: {error}");
        }
    }

    /// Something the SDK handed to the application: a notification or a server request.
    pub fn event(&self, event: &str, method: &str, params: Option<Value>) {
        let mut line = serde_json::json!({ "event": event, "method": method });
        if let Some(params) = params {
            line["params"] = params;
        }
        self.write(&line);
    }
}
