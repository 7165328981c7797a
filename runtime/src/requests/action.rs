//! [`ActionRequest`]: a bound action's request with its parameters, and
//! [`define_action_type!`](crate::define_action_type), which gives a crate
//! of generated code the `Action` type its parameter setters are written on.

use serde::Serialize;

use crate::requests::request::{Request, ResponseKind};
use crate::values::error::Error;

/// A bound action's request and its parameters, not yet sent: what the
/// `Action` of a generated crate holds ([`define_action_type!`](crate::define_action_type)).
#[must_use = "an action does nothing until it is sent"]
pub struct ActionRequest<P, K> {
    request: Request<K>,
    parameters: P,
    sensitive: bool,
}

impl<P: std::fmt::Debug, K> std::fmt::Debug for ActionRequest<P, K> {
    /// The request and its parameters; a sensitive action's parameters
    /// (credentials: [`ActionRequest::sensitive`]) as [`REDACTED`](crate::REDACTED).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("Action");
        out.field("request", &self.request);
        match self.sensitive {
            true => out.field("parameters", &format_args!("{}", crate::values::REDACTED)),
            false => out.field("parameters", &self.parameters),
        };
        out.finish()
    }
}

impl<P: Serialize, K: ResponseKind> ActionRequest<P, K> {
    /// An action sent as `request` (a bodiless `POST`) with `parameters` as its body.
    pub fn new(request: Request<K>, parameters: P) -> Self {
        Self { request, parameters, sensitive: false }
    }

    /// Marks the parameters as carrying credentials: their values are
    /// redacted from the request's errors ([`Request::sensitive`]).
    pub fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// The parameters set so far.
    pub fn parameters(&self) -> &P {
        &self.parameters
    }

    /// The parameters, to change in place.
    pub fn parameters_mut(&mut self) -> &mut P {
        &mut self.parameters
    }

    /// The request: the parameters that are set as the JSON body (none set,
    /// no body).
    pub fn into_request(self) -> Request<K> {
        let request = match serde_json::to_value(&self.parameters) {
            Ok(serde_json::Value::Object(map)) if map.is_empty() => self.request,
            Ok(body) => self.request.json_body(&body),
            Err(error) => self.request.refused(Some(format!("the parameters do not serialize: {error}"))),
        };
        if self.sensitive {
            request.sensitive()
        } else {
            request
        }
    }

    /// The request as `http::Request` ([`Request::to_http`]).
    pub fn to_http(&self) -> Result<http::Request<Vec<u8>>, Error>
    where
        P: Clone,
    {
        self.clone().into_request().to_http()
    }

    /// The full URL.
    pub fn url(&self) -> String {
        self.request.url()
    }

    /// Decodes a response to this action ([`Request::decode`]).
    pub fn decode(&self, response: http::Response<Vec<u8>>) -> Result<K::Output, Error>
    where
        P: Clone,
    {
        self.clone().into_request().decode(response)
    }
}

impl<P: Clone, K> Clone for ActionRequest<P, K> {
    fn clone(&self) -> Self {
        Self { request: self.request.clone(), parameters: self.parameters.clone(), sensitive: self.sensitive }
    }
}

impl<P: Serialize, K: ResponseKind> From<ActionRequest<P, K>> for Request<K> {
    fn from(action: ActionRequest<P, K>) -> Self {
        action.into_request()
    }
}

/// Defines `Action<P, K>` in the module that calls it: the bound action of a
/// crate of generated code, on which the generator writes each action's
/// optional-parameter setters (`with_criteria`, ...). Rust allows inherent
/// methods only on a type of the crate that writes them, so the type is the
/// generated crate's own, over the runtime's [`ActionRequest`]: each Graph
/// version's crate calls it in its private `runtime` module and re-exports
/// it (`graph_sync::v1::Action`). Called without attributes, it documents
/// the type itself; with some, they are the type's. `send` and
/// `send_with_response` are there when the runtime's `client` feature is.
///
/// ```
/// mod runtime {
///     pub use graph_sync_runtime::*;
///
///     graph_sync_runtime::define_action_type! {
///         /// A bound action with optional parameters, not yet sent.
///     }
/// }
///
/// #[derive(Clone, serde::Serialize)]
/// struct Restart {
///     #[serde(skip_serializing_if = "Option::is_none")]
///     criteria: Option<String>,
/// }
///
/// impl runtime::Action<Restart, runtime::NoContent> {
///     fn with_criteria(mut self, criteria: &str) -> Self {
///         self.parameters_mut().criteria = Some(criteria.to_owned());
///         self
///     }
/// }
///
/// let handle = runtime::Handle::new(runtime::StaticToken::new("token")).at_version("v1.0");
/// let job = runtime::Resource::entity_set(handle, "servicePrincipals").item("sp").child("synchronization");
/// let job = job.child("jobs").item("job");
/// let restart = runtime::Action::new(job.action("restart", runtime::ActionBody::new()), Restart { criteria: None });
/// assert!(restart.to_http()?.body().is_empty(), "nothing set, no body");
/// let http = restart.with_criteria("Full").to_http()?;
/// assert_eq!(http.uri().path(), "/v1.0/servicePrincipals/sp/synchronization/jobs/job/restart");
/// assert_eq!(http.body().as_slice(), br#"{"criteria":"Full"}"#);
/// # Ok::<(), runtime::Error>(())
/// ```
#[macro_export]
macro_rules! define_action_type {
    () => {
        $crate::define_action_type! {
            /// A bound action with optional parameters, not yet sent.
            ///
            /// The generated method takes the required parameters; each optional
            /// one is set with a `with_*` method on this type and is absent until
            /// then (`None` leaves a parameter out, `Field::Null` sends `null`).
            /// Send it like a `Request`, or turn it into one with
            /// [`Action::into_request`]; `P` is the generated struct that holds
            /// the parameters and `K` says how the answer is decoded.
        }
    };
    ($(#[$attribute:meta])+) => {
        $(#[$attribute])*
        #[must_use = "an action does nothing until it is sent"]
        pub struct Action<P, K>($crate::ActionRequest<P, K>);

        impl<P: $crate::__private::Serialize, K: $crate::ResponseKind> Action<P, K> {
            /// An action sent as `request` (a bodiless `POST`) with `parameters` as its body.
            pub fn new(request: $crate::Request<K>, parameters: P) -> Self {
                Self($crate::ActionRequest::new(request, parameters))
            }

            /// Marks the parameters as carrying credentials: their values are
            /// redacted from the request's errors ([`Request::sensitive`]($crate::Request::sensitive)).
            pub fn sensitive(self) -> Self {
                Self(self.0.sensitive())
            }

            /// The parameters set so far.
            pub fn parameters(&self) -> &P {
                self.0.parameters()
            }

            /// The parameters, to change in place.
            pub fn parameters_mut(&mut self) -> &mut P {
                self.0.parameters_mut()
            }

            /// The request: the parameters that are set as the JSON body (none
            /// set, no body).
            pub fn into_request(self) -> $crate::Request<K> {
                self.0.into_request()
            }

            /// The request as `http::Request` ([`Request::to_http`]($crate::Request::to_http)).
            pub fn to_http(&self) -> Result<$crate::__private::http::Request<Vec<u8>>, $crate::Error>
            where
                P: Clone,
            {
                self.0.to_http()
            }

            /// The full URL.
            pub fn url(&self) -> String {
                self.0.url()
            }

            /// Decodes a response to this action ([`Request::decode`]($crate::Request::decode)).
            pub fn decode(&self, response: $crate::__private::http::Response<Vec<u8>>) -> Result<K::Output, $crate::Error>
            where
                P: Clone,
            {
                self.0.decode(response)
            }
        }

        $crate::__action_sending!();

        impl<P: ::std::fmt::Debug, K> ::std::fmt::Debug for Action<P, K> {
            /// The request and its parameters (a sensitive action's redacted).
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl<P: Clone, K> Clone for Action<P, K> {
            fn clone(&self) -> Self {
                Self(self.0.clone())
            }
        }

        impl<P: $crate::__private::Serialize, K: $crate::ResponseKind> From<Action<P, K>> for $crate::Request<K> {
            fn from(action: Action<P, K>) -> Self {
                action.into_request()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::handle::Handle;
    use crate::requests::request::NoContent;
    use crate::values::token::StaticToken;

    #[derive(Debug, Serialize)]
    struct Restart {
        criteria: &'static str,
    }

    /// `Debug` shows what an action would send (issue 46: it showed the
    /// parameters' type name); a sensitive action's parameters are redacted.
    #[test]
    fn debug_shows_the_parameters_and_redacts_a_sensitive_actions() {
        let handle = Handle::builder(StaticToken::new("t")).build();
        let request = || Request::<NoContent>::new(handle.clone(), http::Method::POST, "/jobs/j/restart");
        let plain = format!("{:?}", ActionRequest::new(request(), Restart { criteria: "Full" }));
        assert!(plain.contains("Restart { criteria: \"Full\" }"), "{plain}");
        let secret = format!("{:?}", ActionRequest::new(request(), Restart { criteria: "s3cr3t" }).sensitive());
        assert!(!secret.contains("s3cr3t") && secret.contains(crate::values::REDACTED), "{secret}");
    }
}
