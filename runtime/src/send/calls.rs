//! Sending what the request layer built: `send` on a [`Request`], an
//! [`ActionRequest`] (and the `Action` of a generated crate) and a
//! [`BulkUploadRequest`], through the handle's transport.

use serde::Serialize;
use tokio::time::Instant;

use crate::requests::action::ActionRequest;
use crate::requests::rate::BucketFullPolicy;
use crate::requests::request::{decode_response, Request, Response, ResponseKind};
use crate::requests::scim::{bucket_full, BulkUploadAccepted, BulkUploadRequest};
use crate::send::later;
use crate::values::error::Error;

impl<K: ResponseKind> Request<K> {
    /// Sends the request and decodes the answer.
    pub async fn send(self) -> Result<K::Output, Error> {
        self.send_with_response().await.map(|response| response.value)
    }

    /// Sends the request and decodes the answer, keeping its status and
    /// headers (`request-id`, `Location`, throttling headers).
    pub async fn send_with_response(self) -> Result<Response<K::Output>, Error> {
        let request = self.to_http()?;
        // What the answer's errors keep is redacted within the call's deadline.
        let limits = self.client().inner.limits.with(&self.call_settings());
        let secrets = self.secrets().until(later(Instant::now(), limits.call_timeout).into_std());
        let response = self.client().execute(request).await.map_err(|error| error.redact(&secrets))?;
        let (status, headers) = (response.status(), response.headers().clone());
        let value = decode_response::<K>(response, &secrets)?;
        Ok(Response { status, headers, value })
    }
}

impl<P: Serialize, K: ResponseKind> ActionRequest<P, K> {
    /// Sends the action and decodes the answer ([`Request::send`]).
    pub async fn send(self) -> Result<K::Output, Error> {
        self.into_request().send().await
    }

    /// Sends the action, keeping the answer's status and headers
    /// ([`Request::send_with_response`]).
    pub async fn send_with_response(self) -> Result<Response<K::Output>, Error> {
        self.into_request().send_with_response().await
    }
}

impl<L> BulkUploadRequest<L> {
    /// Sends the upload and gives the service's acceptance. When the job's
    /// ingestion queue is full ([`Error::BucketFull`]), the client's
    /// [`BucketFullPolicy`] decides: by default the error is returned; with
    /// [`BucketFullPolicy::Wait`] the same request is sent again after the
    /// wait (dropping the future ends the wait).
    pub async fn send(self) -> Result<BulkUploadAccepted<L>, Error> {
        let mut resends = 0;
        loop {
            let error = match self.request.clone().send_with_response().await.map_err(bucket_full) {
                Ok(response) => return Ok(self.accepted(&response.headers)),
                Err(error) => error,
            };
            match (&error, self.request.client().bucket_full_policy()) {
                (Error::BucketFull { .. }, BucketFullPolicy::Wait { first, then, resends: most }) if resends < most => {
                    tokio::time::sleep(if resends == 0 { first } else { then }).await;
                    resends += 1;
                }
                _ => return Err(error),
            }
        }
    }
}

/// `send` and `send_with_response` on the `Action` of a generated crate
/// ([`define_action_type!`](crate::define_action_type)), with the `client` feature.
#[doc(hidden)]
#[macro_export]
macro_rules! __action_sending {
    () => {
        impl<P: $crate::__private::Serialize, K: $crate::ResponseKind> Action<P, K> {
            /// Sends the action and decodes the answer ([`Request::send`]($crate::Request::send)).
            pub async fn send(self) -> Result<K::Output, $crate::Error> {
                self.0.send().await
            }

            /// Sends the action, keeping the answer's status and headers
            /// ([`Request::send_with_response`]($crate::Request::send_with_response)).
            pub async fn send_with_response(self) -> Result<$crate::Response<K::Output>, $crate::Error> {
                self.0.send_with_response().await
            }
        }
    };
}
