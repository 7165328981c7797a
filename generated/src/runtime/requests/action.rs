//! [`Action`]: a bound action whose optional parameters are set by name
//! before it is sent.

use serde::Serialize;

use crate::runtime::requests::request::{Request, ResponseKind};
use crate::runtime::values::error::Error;

/// A bound action with optional parameters, not yet sent.
///
/// The generated method takes the required parameters; each optional one is
/// set with a `with_*` method on this type and is absent until then. As with
/// a model's properties, `None` leaves a parameter out and `Field::Null`
/// sends `null`. Send it like a [`Request`] (or turn it into one with
/// [`Action::into_request`]); `P` is the generated struct that holds the
/// parameters and `K` says how the answer is decoded.
///
/// ```
/// use graph_sync::{Client, Field, StaticToken};
/// use graph_sync::v1::models::AttributeDefinition;
///
/// let client = Client::new(StaticToken::new("token"));
/// let schema = client.v1().service_principal("sp").synchronization().jobs().job("job").schema();
/// // Required parameters are arguments; optional ones are named.
/// let parse = schema
///     .parse_expression()
///     .with_expression("Join(\" \", [givenName], [surname])")
///     .with_target_attribute_definition(Field::<AttributeDefinition>::Null);
/// let http = parse.to_http()?;
/// let body: serde_json::Value = serde_json::from_slice(http.body())?;
/// assert_eq!(
///     body,
///     serde_json::json!({
///         "expression": "Join(\" \", [givenName], [surname])",
///         "targetAttributeDefinition": null
///     })
/// );
/// // Nothing set: no body at all.
/// let restart = client.v1().service_principal("sp").synchronization().jobs().job("job").restart();
/// assert!(restart.to_http()?.body().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use = "an action does nothing until it is sent"]
pub struct Action<P, K> {
    request: Request<K>,
    parameters: P,
    sensitive: bool,
}

impl<P, K> std::fmt::Debug for Action<P, K> {
    /// The request and the parameters' type, never their values (they may be credentials).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Action")
            .field("request", &self.request)
            .field("parameters", &std::any::type_name::<P>())
            .finish()
    }
}

impl<P: Serialize, K: ResponseKind> Action<P, K> {
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

impl<P: Clone, K> Clone for Action<P, K> {
    fn clone(&self) -> Self {
        Self { request: self.request.clone(), parameters: self.parameters.clone(), sensitive: self.sensitive }
    }
}

impl<P: Serialize, K: ResponseKind> From<Action<P, K>> for Request<K> {
    fn from(action: Action<P, K>) -> Self {
        action.into_request()
    }
}
