//! [`Cloud`]: the Microsoft Graph deployments, each with its service root
//! and the token scope that goes with it.

/// A Microsoft Graph deployment: one setting for both the service root the
/// requests go to and the scope the access token is asked for.
///
/// ```
/// use graph_sync::runtime::Cloud;
/// use graph_sync::{Client, StaticToken};
///
/// let client = Client::builder(StaticToken::new("token")).cloud(Cloud::UsGovernment).build();
/// assert_eq!(client.root(), "https://graph.microsoft.us");
/// assert_eq!(client.scope(), "https://graph.microsoft.us/.default");
/// ```
///
/// Not every API is in every cloud: the documentation lists the global
/// service and the US Government clouds for most synchronization operations
/// (`provisionOnDemand` among them), not the China cloud.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com`.
    #[default]
    Global,
    /// US Government L4, `https://graph.microsoft.us`.
    UsGovernment,
    /// US Government L5 (DoD), `https://dod-graph.microsoft.us`.
    UsGovernmentDod,
    /// Microsoft Graph China operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn`.
    China,
    /// Another root (a test server, a proxy): requests go to `{root}/{version}`
    /// and tokens are asked for `scope`.
    Custom {
        /// The service root without the version, e.g. `http://127.0.0.1:8080`.
        root: String,
        /// The token scope, e.g. `https://graph.microsoft.com/.default`.
        scope: String,
    },
}

impl Cloud {
    /// The service root, without the version: `https://graph.microsoft.com`.
    pub fn root(&self) -> &str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGovernment => "https://graph.microsoft.us",
            Cloud::UsGovernmentDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
            Cloud::Custom { root, .. } => root.trim_end_matches('/'),
        }
    }

    /// The scope to ask an access token for: `https://graph.microsoft.com/.default`.
    pub fn scope(&self) -> String {
        match self {
            Cloud::Custom { scope, .. } => scope.clone(),
            other => format!("{}/.default", other.root()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cloud_has_its_root_and_scope() {
        let cases = [
            (Cloud::Global, "https://graph.microsoft.com", "https://graph.microsoft.com/.default"),
            (Cloud::UsGovernment, "https://graph.microsoft.us", "https://graph.microsoft.us/.default"),
            (Cloud::UsGovernmentDod, "https://dod-graph.microsoft.us", "https://dod-graph.microsoft.us/.default"),
            (
                Cloud::China,
                "https://microsoftgraph.chinacloudapi.cn",
                "https://microsoftgraph.chinacloudapi.cn/.default",
            ),
            (
                Cloud::Custom { root: "http://127.0.0.1:9/".into(), scope: "api://test/.default".into() },
                "http://127.0.0.1:9",
                "api://test/.default",
            ),
        ];
        for (cloud, root, scope) in cases {
            assert_eq!((cloud.root(), cloud.scope().as_str()), (root, scope), "{cloud:?}");
        }
    }
}
