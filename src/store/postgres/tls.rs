//! Encrypted connections to the server, as libpq's `sslmode` says (rustls with ring: no system
//! OpenSSL, so the static builds stay static):
//!
//! - `disable`: never; `allow`/`prefer` (the default): encrypted when the server offers it,
//!   the certificate not checked;
//! - `require`: always encrypted; the certificate checked against the root certificate when
//!   there is one (as libpq does), otherwise not;
//! - `verify-ca`: the certificate must chain to the root certificate;
//! - `verify-full`: and it must name the host connected to.
//!
//! The root certificate is `sslrootcert` in the URL, else PGSSLROOTCERT, else
//! `~/.postgresql/root.crt` (on Windows `%APPDATA%\postgresql\root.crt`); `verify-ca` and
//! `verify-full` refuse to go on without one.

use std::future::Future;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use postgres::Socket;
use postgres::tls::{ChannelBinding, MakeTlsConnect, TlsConnect, TlsStream};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::client::WebPkiServerVerifier;
use tokio_rustls::rustls::client::danger::{
    HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier,
};
use tokio_rustls::rustls::crypto::{self, CryptoProvider};
use tokio_rustls::rustls::{
    self, CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

/// What `sslmode` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Mode {
    /// The mode of libpq's name (`allow` is taken as `prefer`).
    pub(super) fn parse(s: &str) -> Option<Mode> {
        Some(match s {
            "disable" => Mode::Disable,
            "allow" | "prefer" => Mode::Prefer,
            "require" => Mode::Require,
            "verify-ca" => Mode::VerifyCa,
            "verify-full" => Mode::VerifyFull,
            _ => return None,
        })
    }

    pub(super) fn verifies(self) -> bool {
        matches!(self, Mode::VerifyCa | Mode::VerifyFull)
    }
}

/// Why an encrypted connection cannot be set up (said by the store in one sentence).
#[derive(Debug)]
pub(super) enum TlsSetup {
    /// `verify-ca`/`verify-full` without a root certificate file.
    NoRoot(PathBuf),
    /// The root certificate file cannot be read or holds no certificate.
    BadRoot(PathBuf, String),
}

/// The root certificate libpq would use: the URL's, PGSSLROOTCERT, or the user's default.
pub(super) fn root_file(from_url: Option<&str>) -> Option<PathBuf> {
    if let Some(p) = from_url.filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(p) = std::env::var_os("PGSSLROOTCERT").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let dir = if cfg!(windows) {
        std::env::var_os("APPDATA").map(|a| PathBuf::from(a).join("postgresql"))
    } else {
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".postgresql"))
    };
    dir.map(|d| d.join("root.crt"))
}

/// The connector for `mode`, with the root certificate at `root` (if that file exists).
pub(super) fn connector(mode: Mode, root: Option<&Path>) -> Result<Tls, TlsSetup> {
    let provider = Arc::new(crypto::ring::default_provider());
    let present = root.filter(|p| p.is_file());
    let roots = match present {
        Some(p) => Some(Arc::new(load_roots(p)?)),
        None if mode.verifies() => {
            return Err(TlsSetup::NoRoot(
                root.map_or_else(|| PathBuf::from("root.crt"), Path::to_path_buf),
            ));
        }
        None => None,
    };
    let checked = match (&roots, mode) {
        (Some(r), Mode::Require | Mode::VerifyCa | Mode::VerifyFull) => Some(
            WebPkiServerVerifier::builder_with_provider(Arc::clone(r), Arc::clone(&provider))
                .build()
                .map_err(|e| {
                    TlsSetup::BadRoot(present.unwrap_or(Path::new("")).into(), e.to_string())
                })?,
        ),
        _ => None,
    };
    let verifier = Arc::new(Verifier {
        chain: checked,
        name: mode == Mode::VerifyFull,
        provider: Arc::clone(&provider),
    });
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TlsSetup::BadRoot(PathBuf::new(), e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth();
    Ok(Tls {
        config: Arc::new(config),
    })
}

fn load_roots(path: &Path) -> Result<RootCertStore, TlsSetup> {
    let bad = |e: String| TlsSetup::BadRoot(path.to_path_buf(), e);
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(path).map_err(|e| bad(e.to_string()))? {
        roots
            .add(cert.map_err(|e| bad(e.to_string()))?)
            .map_err(|e| bad(e.to_string()))?;
    }
    if roots.is_empty() {
        return Err(bad("no certificate".into()));
    }
    Ok(roots)
}

/// Checks the server's certificate as the mode asks: not at all, its chain, or its chain and
/// the host name. The handshake's signatures are always checked.
#[derive(Debug)]
struct Verifier {
    chain: Option<Arc<WebPkiServerVerifier>>,
    /// Whether the certificate must name the host (`verify-full`).
    name: bool,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.name => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// The TLS connector handed to the PostgreSQL client.
#[derive(Clone)]
pub(super) struct Tls {
    config: Arc<ClientConfig>,
}

impl MakeTlsConnect<Socket> for Tls {
    type Stream = Stream;
    type TlsConnect = Connect;
    type Error = io::Error;

    fn make_tls_connect(&mut self, host: &str) -> io::Result<Connect> {
        let name = ServerName::try_from(host.to_string())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        Ok(Connect {
            config: Arc::clone(&self.config),
            name,
        })
    }
}

pub(super) struct Connect {
    config: Arc<ClientConfig>,
    name: ServerName<'static>,
}

impl TlsConnect<Socket> for Connect {
    type Stream = Stream;
    type Error = io::Error;
    type Future = Pin<Box<dyn Future<Output = io::Result<Stream>> + Send>>;

    fn connect(self, socket: Socket) -> Self::Future {
        let connector = TlsConnector::from(self.config);
        Box::pin(async move {
            connector
                .connect(self.name, socket)
                .await
                .map(|s| Stream(Box::new(s)))
        })
    }
}

/// An encrypted connection to the server.
pub(super) struct Stream(Box<tokio_rustls::client::TlsStream<Socket>>);

impl TlsStream for Stream {
    fn channel_binding(&self) -> ChannelBinding {
        ChannelBinding::none()
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut *self.0).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut *self.0).poll_shutdown(cx)
    }
}
