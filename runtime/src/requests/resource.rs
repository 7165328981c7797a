//! A place in the API (the client and a percent-encoded path) and the
//! requests that can be made on it. The generated request builders wrap a
//! [`Resource`] and give each of these a typed method; the URL and body
//! plumbing is written once, here.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::requests::handle::Handle;
use crate::requests::paging::ListRequest;
use crate::requests::request::{
    encode_segment, path_segment, ActionBody, Bytes, Json, NoContent, Request, ResponseKind,
};
use crate::values::literal::UrlLiteral;

/// The client and a path below its base URL, percent-encoded, starting with `/`.
///
/// Every name and id placed in the path is percent-encoded as a whole
/// segment; an id or name that cannot be one (empty, `.` or `..`, in any
/// encoding) makes every request built from here fail before anything is sent.
#[derive(Debug, Clone)]
pub struct Resource {
    client: Handle,
    path: String,
    /// The path with `{id}` for each id: what diagnostics show (ids may
    /// identify people; the shape of the call does not).
    template: String,
    /// Why requests from here must not be sent (a refused id), if so.
    problem: Option<String>,
}

impl Resource {
    /// A resource at `path` (already encoded, starting with `/`), e.g. an
    /// entity set `/servicePrincipals`; the service root is `""`. A path
    /// without its leading `/` would join the version's segment
    /// (`/v1.0servicePrincipals`): its requests fail unsent.
    pub fn new(client: Handle, path: impl Into<String>) -> Self {
        let path = path.into();
        let problem = (!path.is_empty() && !path.starts_with('/'))
            .then(|| format!("the resource path {path:?} does not start with `/`"));
        Self { client, template: path.clone(), path, problem }
    }

    /// An entity set or singleton: `/{name}`, the name percent-encoded as
    /// one segment (a name that cannot be one makes its requests fail unsent).
    pub fn entity_set(client: Handle, name: &str) -> Self {
        Self::new(client, "").child(name)
    }

    /// The path below the client's base URL, percent-encoded.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// `{path}{suffix}` (`{template}{shape}`), or this resource with
    /// `problem` if the suffix could not be built.
    fn extend(&self, suffix: Result<String, String>, shape: &str) -> Self {
        match suffix {
            Ok(suffix) => Self {
                client: self.client.clone(),
                path: format!("{}{suffix}", self.path),
                template: format!("{}{shape}", self.template),
                problem: self.problem.clone(),
            },
            Err(problem) => Self { problem: self.problem.clone().or(Some(problem)), ..self.clone() },
        }
    }

    /// `{path}/{segment}`: a navigation property, named by the metadata.
    pub fn child(&self, segment: &str) -> Self {
        self.extend(path_segment(segment).map(|segment| format!("/{segment}")), &format!("/{segment}"))
    }

    /// `{path}/{id}`: one item of a collection, the id percent-encoded as one segment.
    pub fn item(&self, id: &str) -> Self {
        self.extend(path_segment(id).map(|id| format!("/{id}")).map_err(|e| format!("invalid id: {e}")), "/{id}")
    }

    /// `{path}({alias}='{value}')`: one item of an entity set by an alternate key.
    pub fn alternate_key(&self, alias: &str, value: &str) -> Self {
        let literal = value.replace('\'', "''");
        let shape = format!("({alias}='{{{alias}}}')");
        self.extend(path_segment(alias).map(|alias| format!("({alias}='{}')", encode_segment(&literal))), &shape)
    }

    /// `{path}({name}={literal},...)`: one item of a collection by a key of
    /// several parts, each written as the OData literal of its type
    /// ([`UrlLiteral`]) and percent-encoded (a string's quotes stay, its
    /// own `'` doubled); a value that cannot be a literal makes the
    /// requests fail unsent.
    pub fn compound_key(&self, parts: &[(&str, &dyn UrlLiteral)]) -> Self {
        let mut written = Vec::with_capacity(parts.len());
        let mut shape = Vec::with_capacity(parts.len());
        for (name, value) in parts {
            let literal = match (path_segment(name), value.url_literal()) {
                (Ok(name), Ok(literal)) => format!("{name}={}", encode_key_literal(&literal)),
                (Err(problem), _) => return self.extend(Err(problem), "(...)"),
                (_, Err(invalid)) => return self.extend(Err(format!("invalid key `{name}`: {invalid}")), "(...)"),
            };
            written.push(literal);
            shape.push(format!("{name}={{{name}}}"));
        }
        self.extend(Ok(format!("({})", written.join(","))), &format!("({})", shape.join(",")))
    }

    /// The path with `{id}` in place of each id.
    pub fn template(&self) -> &str {
        &self.template
    }

    fn request<K: ResponseKind>(&self, method: http::Method, path: String) -> Request<K> {
        Request::new(self.client.clone(), method, path).template(self.template.clone()).refused(self.problem.clone())
    }

    /// `{path}/{segment}` as a request path, or this resource's path with the problem.
    fn request_at<K: ResponseKind>(&self, method: http::Method, segment: &str) -> Request<K> {
        let child = self.child(segment);
        child.request(method, child.path.clone())
    }

    /// `GET`: the entity.
    pub fn get<T: DeserializeOwned>(&self) -> Request<Json<T>> {
        self.request(http::Method::GET, self.path.clone())
    }

    /// `PATCH`: sends the fields that are set.
    pub fn update<T: Serialize>(&self, entity: &T) -> Request<NoContent> {
        self.request(http::Method::PATCH, self.path.clone()).json_body(entity)
    }

    /// `PUT`: replaces the entity.
    pub fn replace<T: Serialize>(&self, entity: &T) -> Request<NoContent> {
        self.request(http::Method::PUT, self.path.clone()).json_body(entity)
    }

    /// `DELETE`.
    pub fn delete(&self) -> Request<NoContent> {
        self.request(http::Method::DELETE, self.path.clone())
    }

    /// `GET` of a collection, with query options and paging.
    pub fn list<T: DeserializeOwned>(&self) -> ListRequest<T> {
        ListRequest::from_request(self.request(http::Method::GET, self.path.clone()))
    }

    /// `POST` to a collection: creates an entity and returns it.
    pub fn create<T: Serialize + DeserializeOwned>(&self, entity: &T) -> Request<Json<T>> {
        self.request(http::Method::POST, self.path.clone()).json_body(entity)
    }

    /// `PUT {path}/{segment}` with `{"value": [...]}`: replaces a collection
    /// property that has no other way to be written (such as `secrets`).
    pub fn put_collection<T: Serialize>(&self, segment: &str, values: &[T]) -> Request<NoContent> {
        let request = self.request_at(http::Method::PUT, segment);
        ActionBody::new().parameter("value", &values).attach(request)
    }

    /// `POST` of a media entity's content.
    pub fn upload(&self, content_type: &str, body: Vec<u8>) -> Request<NoContent> {
        self.request(http::Method::POST, self.path.clone()).raw_body(body, content_type)
    }

    /// `GET {path}/$value`: a media entity's content.
    pub fn download(&self) -> Request<Bytes> {
        self.request(http::Method::GET, format!("{}/$value", self.path)).template(format!("{}/$value", self.template))
    }

    /// `POST {path}/{segment}` without a body yet (a call the metadata does
    /// not describe as the documentation does, such as `bulkUpload`).
    pub(crate) fn post_to<K: ResponseKind>(&self, segment: &str) -> Request<K> {
        self.request_at(http::Method::POST, segment).operation(segment)
    }

    /// `POST {path}/{name}`: a bound action with its parameters as the body
    /// (an action without parameters is sent without a body).
    pub fn action<K: ResponseKind>(&self, name: &str, body: ActionBody) -> Request<K> {
        body.attach(self.request_at(http::Method::POST, name).operation(name))
    }

    /// `GET {path}/{name}`: a bound function. Parameters that are given go
    /// in the URL as OData prescribes, `/name(p1=@p1,...)?@p1=...`, the values
    /// being URL literals (see [`url_literal`](crate::url_literal)).
    /// Without parameters it is `{path}/{name}`, as Graph documents its
    /// bound functions (`.../schema/filterOperators`).
    pub fn function<K: ResponseKind>(&self, name: &str, parameters: &[(&str, Option<String>)]) -> Request<K> {
        self.call_function(name, parameters, false)
    }

    /// `GET {path}/{name}(...)`: a function import's function, called at
    /// the service root as OData's URL conventions write it, with its
    /// parentheses even without parameters (`/WhoAmI()`); otherwise as
    /// [`Resource::function`].
    pub fn function_import<K: ResponseKind>(&self, name: &str, parameters: &[(&str, Option<String>)]) -> Request<K> {
        self.call_function(name, parameters, true)
    }

    fn call_function<K: ResponseKind>(
        &self,
        name: &str,
        parameters: &[(&str, Option<String>)],
        parentheses: bool,
    ) -> Request<K> {
        let present: Vec<(&str, &str)> =
            parameters.iter().filter_map(|(name, value)| Some((*name, value.as_deref()?))).collect();
        if present.is_empty() && !parentheses {
            return self.request_at(http::Method::GET, name).operation(name);
        }
        let aliases: Vec<String> = present
            .iter()
            .map(|(p, _)| {
                let p = encode_segment(p);
                format!("{p}=@{p}")
            })
            .collect();
        let call = self
            .extend(path_segment(name).map(|name| format!("/{name}({})", aliases.join(","))), &format!("/{name}(...)"));
        let mut request = call.request(http::Method::GET, call.path.clone()).operation(name);
        for (parameter, value) in present {
            request = request.query_unchecked(&format!("@{parameter}"), value);
        }
        request
    }
}

/// A key literal in the path: percent-encoded but for the `'` that quote a
/// string (a string's own are doubled, so they cannot end it).
fn encode_key_literal(literal: &str) -> String {
    literal.split('\'').map(encode_segment).collect::<Vec<_>>().join("'")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::request::url_literal;
    use crate::values::token::StaticToken;

    fn root(path: &str) -> Resource {
        let client = Handle::builder(StaticToken::new("t")).root("https://graph.test").build().at_version("beta");
        Resource::new(client, path)
    }

    #[test]
    fn a_path_without_its_leading_slash_is_refused_unsent() {
        let refused: Request<NoContent> = root("servicePrincipals").item("sp").delete();
        assert!(
            matches!(refused.to_http(), Err(crate::values::error::Error::Request(message)) if message.contains("does not start with `/`"))
        );
        let sent: Request<NoContent> = root("/servicePrincipals").item("sp").delete();
        assert_eq!(sent.to_http().unwrap().uri().path(), "/beta/servicePrincipals/sp");
        assert_eq!(root("").child("servicePrincipals").path(), "/servicePrincipals");
    }

    #[test]
    fn compound_keys_write_each_part_as_its_literal() {
        let details = root("/Order_Details");
        let key = details.compound_key(&[("OrderID", &10248), ("ProductID", &11)]);
        assert_eq!(key.path(), "/Order_Details(OrderID=10248,ProductID=11)");
        assert_eq!(key.template(), "/Order_Details(OrderID={OrderID},ProductID={ProductID})");
        let hostile = details.compound_key(&[("Name", &"a',ProductID=1)/x?y#"), ("ProductID", &11)]);
        assert_eq!(hostile.path(), "/Order_Details(Name='a''%2CProductID%3D1%29%2Fx%3Fy%23',ProductID=11)");
        let request: Request<NoContent> = hostile.delete();
        let http = request.to_http().unwrap();
        assert_eq!(http.uri().path(), "/beta/Order_Details(Name='a''%2CProductID%3D1%29%2Fx%3Fy%23',ProductID=11)");
        assert_eq!(http.uri().query(), None);
        let guid = crate::values::primitives::Guid::from_wire("1,x=2");
        let refused: Request<NoContent> = details.compound_key(&[("Id", &guid), ("ProductID", &11)]).delete();
        let error = refused.to_http().unwrap_err().to_string();
        assert!(error.contains("invalid key `Id`"), "{error}");
    }

    /// The service root (`""`) is where a container's imports are called.
    #[test]
    fn imports_are_called_at_the_service_root() {
        let who: Request<NoContent> = root("").function_import("WhoAmI", &[]);
        assert_eq!(who.to_http().unwrap().uri().to_string(), "https://graph.test/beta/WhoAmI()");
        let unset: Request<NoContent> = root("").function_import("Search", &[("query", None)]);
        assert_eq!(unset.to_http().unwrap().uri().to_string(), "https://graph.test/beta/Search()");
        let bad: Request<NoContent> = root("").function_import("..", &[]);
        assert!(bad.to_http().is_err(), "a name is one segment, `..` none");
        let search: Request<NoContent> = root("").function_import("Search", &[("query", Some(url_literal(&"it's")))]);
        assert_eq!(
            search.to_http().unwrap().uri().to_string(),
            "https://graph.test/beta/Search(query=@query)?@query=%27it%27%27s%27"
        );
        let reindex: Request<NoContent> = root("").action("Reindex", ActionBody::new().parameter("scope", &"all"));
        let http = reindex.to_http().unwrap();
        assert_eq!((http.method().as_str(), http.uri().path()), ("POST", "/beta/Reindex"));
    }

    #[test]
    fn ids_and_alternate_keys_cannot_change_the_path_or_query() {
        let set = root("/servicePrincipals");
        assert_eq!(set.item("../x?y#z").path(), "/servicePrincipals/..%2Fx%3Fy%23z");
        let refused: Request<NoContent> = set.item("..").child("synchronization").delete();
        assert!(
            matches!(refused.to_http(), Err(crate::values::error::Error::Request(message)) if message.contains("invalid id"))
        );
        assert_eq!(set.child("start/../..").path(), "/servicePrincipals/start%2F..%2F..");
        let action: Request<NoContent> = set.action("..", ActionBody::new());
        assert!(action.to_http().is_err());
        assert_eq!(set.alternate_key("appId", "it's").path(), "/servicePrincipals(appId='it%27%27s')");
        assert_eq!(set.alternate_key("appId", "a/b').x").path(), "/servicePrincipals(appId='a%2Fb%27%27%29.x')");
        // Diagnostics see the shape of the path, not the ids.
        assert_eq!(
            set.item("user@contoso.com").child("synchronization").template(),
            "/servicePrincipals/{id}/synchronization"
        );
        assert_eq!(set.alternate_key("appId", "x").template(), "/servicePrincipals(appId='{appId}')");
    }

    #[test]
    fn each_request_has_its_method_and_url() {
        let jobs = root("/servicePrincipals").item("sp").child("synchronization").child("jobs");
        let job = jobs.item("j 1");
        let get: Request<Json<serde_json::Value>> = job.get();
        assert_eq!(
            (get.method(), get.url().as_str()),
            (&http::Method::GET, "https://graph.test/beta/servicePrincipals/sp/synchronization/jobs/j%201")
        );
        assert_eq!(job.update(&serde_json::json!({})).method(), http::Method::PATCH);
        assert_eq!(job.replace(&serde_json::json!({})).method(), http::Method::PUT);
        assert_eq!(job.delete().method(), http::Method::DELETE);
        assert_eq!(jobs.create(&serde_json::json!({})).method(), http::Method::POST);
        assert_eq!(
            job.download().url(),
            "https://graph.test/beta/servicePrincipals/sp/synchronization/jobs/j%201/$value"
        );
        let secrets = root("/s").put_collection("secrets", &[1, 2]);
        let http = secrets.to_http().unwrap();
        assert_eq!((http.method(), http.uri().path()), (&http::Method::PUT, "/beta/s/secrets"));
        assert_eq!(http.body(), br#"{"value":[1,2]}"#);
        let start: Request<NoContent> = job.action("start", ActionBody::new());
        let start = start.to_http().unwrap();
        assert_eq!((start.method(), start.body().is_empty()), (&http::Method::POST, true));
        assert_eq!(start.headers()[http::header::CONTENT_LENGTH], "0", "a bodiless POST says its length");
        let get = job.get::<serde_json::Value>().to_http().unwrap();
        assert!(get.headers().get(http::header::CONTENT_LENGTH).is_none());
    }

    #[test]
    fn function_parameters_go_in_the_url_as_aliases() {
        assert_eq!(url_literal(&"it's".to_owned()), "'it''s'");
        assert_eq!(url_literal(&3), "3");
        assert_eq!(url_literal(&true), "true");
        let plain: Request<NoContent> = root("/a").function("Ping", &[]);
        assert_eq!(plain.url(), "https://graph.test/beta/a/Ping");
        let parameters =
            [("token", Some(url_literal(&"x y'z".to_owned()))), ("skipped", None), ("top", Some(url_literal(&5)))];
        let with: Request<NoContent> = root("/a").function("delta", &parameters);
        assert_eq!(
            with.url(),
            "https://graph.test/beta/a/delta(token=@token,top=@top)?@token=%27x%20y%27%27z%27&@top=5"
        );
    }
}
