//! The streaming CSDL reader: quick-xml events in, [`Document`] out.
//!
//! One function per CSDL element, each reading its attributes and then its
//! children until its end tag. Elements the reader does not model (for example
//! `ReferentialConstraint`, or elements of foreign namespaces) are skipped with
//! their whole subtree, iteratively, so unknown content of any depth is harmless.
//! Annotation expressions may nest (`Record` inside `Collection` inside ...);
//! that recursion is bounded by [`MAX_DEPTH`].

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use smallvec::SmallVec;

use super::chars::is_xml_char;
use super::document::*;
use super::error::{Error, ErrorKind};
use super::identifier;
use super::namespaces::EDMX_NAMESPACE;
use super::source::{offset_u32, SourceMap};

/// How deeply elements may nest. Real documents nest at most about 10 levels.
pub const MAX_DEPTH: usize = 100;

/// The largest document accepted: offsets are kept as `u32`.
pub const MAX_SIZE: usize = u32::MAX as usize;

/// Reads a CSDL XML document. `name` is used in error locations (usually the
/// path). The document is UTF-8, or UTF-16 with its byte-order mark (XML 1.0
/// section 4.3.3), which is read as the same text in UTF-8: lines in
/// messages are the same in both, and columns count the UTF-8 bytes (the
/// characters, where the line is ASCII).
pub fn read(name: &str, bytes: &[u8]) -> Result<Document, Error> {
    // Before decoding: a UTF-16 document is not decoded past the limit either.
    check_size(name, bytes)?;
    match utf16_text(bytes) {
        Some(Ok(text)) => read_utf8(name, text.as_bytes()),
        Some(Err(offset)) => {
            let prefix = utf16_text(&bytes[..offset]).and_then(Result::ok).unwrap_or_default();
            let source = SourceMap::new(name, prefix.as_bytes());
            Err(Error {
                location: source.locate(offset_u32(prefix.len())),
                kind: ErrorKind::Xml("the document is not UTF-16 text (an unpaired surrogate)".to_owned()),
            })
        }
        None => read_utf8(name, bytes),
    }
}

/// A document that starts with a UTF-16 byte-order mark (`FF FE` little
/// endian, `FE FF` big endian), as text without the mark; or, when it is
/// not UTF-16, the byte offset where its text stops being UTF-16. `None`
/// for any other document.
fn utf16_text(bytes: &[u8]) -> Option<Result<String, usize>> {
    let little_endian = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks(2).map(|pair| match (pair, little_endian) {
        ([low, high], true) | ([high, low], false) => u16::from_le_bytes([*low, *high]),
        // An odd byte at the end cannot be a code unit: an unpaired surrogate stands in for it.
        _ => 0xD800,
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut offset = 2;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(ch) => {
                offset += 2 * ch.len_utf16();
                text.push(ch);
            }
            Err(_) => return Some(Err(offset)),
        }
    }
    Some(Ok(text))
}

/// Refuses a document larger than [`MAX_SIZE`] (offsets are `u32`).
fn check_size(name: &str, bytes: &[u8]) -> Result<(), Error> {
    if bytes.len() <= MAX_SIZE {
        return Ok(());
    }
    let location = SourceMap::new(name, &[]).locate(0);
    Err(Error { location, kind: ErrorKind::TooLarge { size: bytes.len(), limit: MAX_SIZE } })
}

fn read_utf8(name: &str, bytes: &[u8]) -> Result<Document, Error> {
    // Again: decoded from UTF-16, the text may have grown.
    check_size(name, bytes)?;
    let source = SourceMap::new(name, bytes);
    if let Some(offset) = first_non_xml_character(bytes) {
        let ch = std::str::from_utf8(&bytes[offset..])
            .ok()
            .and_then(|s| s.chars().next())
            .unwrap_or(char::from(bytes[offset]));
        return Err(Error { location: source.locate(offset_u32(offset)), kind: ErrorKind::Xml(non_xml_message(ch)) });
    }
    // Checked once, whole: the attribute values read later are slices of this text.
    let text = std::str::from_utf8(bytes).map_err(|error| Error {
        location: source.locate(offset_u32(error.valid_up_to())),
        kind: ErrorKind::Xml("the document is not UTF-8 text".to_owned()),
    })?;
    let mut reader = Reader::new(text, source);
    let (version, references, schemas) = reader.read_root()?;
    Ok(Document { source: reader.source, version, references, schemas, warnings: reader.warnings })
}

/// The offset of the first character XML 1.0 does not allow in a document
/// (a C0 control other than tab, line feed and carriage return, or U+FFFE,
/// U+FFFF). Such a document is not XML, and its text could not be written
/// back into the slice.
fn first_non_xml_character(bytes: &[u8]) -> Option<usize> {
    let bad = |b: u8| b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r';
    // Checked 64 bytes at a time without branches (vectorized), then located.
    let found = bytes.chunks(64).position(|chunk| chunk.iter().fold(false, |any, &b| any | bad(b)));
    let control = found.and_then(|chunk| bytes[chunk * 64..].iter().position(|&b| bad(b)).map(|i| chunk * 64 + i));
    let noncharacter =
        memchr::memmem::find_iter(bytes, b"\xEF\xBF").find(|&i| matches!(bytes.get(i + 2), Some(0xBE | 0xBF)));
    match (control, noncharacter) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn non_xml_message(ch: char) -> String {
    format!("the character {} is not allowed in XML 1.0", ch.escape_unicode())
}

/// A start tag as seen by the element functions.
struct Element<'a> {
    start: BytesStart<'a>,
    /// `true` for `<X/>`: there are no children to read.
    empty: bool,
    offset: Offset,
}

impl Element<'_> {
    fn local_name(&self) -> &[u8] {
        self.start.local_name().into_inner()
    }

    /// The local name, for messages about elements the reader knows (always UTF-8 there).
    fn local_name_str(&self) -> &'static str {
        known_element(self.local_name()).unwrap_or("element")
    }

    fn display_name(&self) -> String {
        String::from_utf8_lossy(self.start.name().into_inner()).into_owned()
    }
}

/// The attributes of one element, unescaped.
struct Attributes<'e> {
    /// The element's local name (prefixes are added back in messages where CSDL uses them).
    element: &'static str,
    offset: Offset,
    /// Elements have few attributes: kept inline, without a heap allocation.
    /// Values borrow the start tag unless unescaping changed them.
    values: SmallVec<[(&'static str, Cow<'e, str>); 6]>,
}

impl Attributes<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(key, _)| *key == name).map(|(_, value)| value.as_ref())
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let index = self.values.iter().position(|(key, _)| *key == name)?;
        Some(self.values.swap_remove(index).1.into_owned())
    }

    fn required(&mut self, name: &'static str, source: &SourceMap) -> Result<String, Error> {
        self.take(name).ok_or_else(|| Error {
            location: source.locate(self.offset),
            kind: ErrorKind::MissingAttribute { element: edmx_display_name(self.element), attribute: name },
        })
    }

    fn invalid(&self, name: &str, value: &str, expected: &'static str, source: &SourceMap) -> Error {
        Error {
            location: source.locate(self.offset),
            kind: ErrorKind::InvalidAttribute {
                element: edmx_display_name(self.element),
                attribute: name.to_owned(),
                value: super::error::shorten(value),
                expected,
            },
        }
    }

    /// A required name, checked against OData's SimpleIdentifier rule (it
    /// will be written into code and URLs).
    fn identifier(&mut self, name: &'static str, source: &SourceMap) -> Result<String, Error> {
        let value = self.required(name, source)?;
        self.check(name, value, identifier::is_simple_identifier, identifier::SIMPLE_IDENTIFIER, source)
    }

    /// The name of a member (a property, navigation property, enum member,
    /// operation, parameter, or an entity container's child): any non-empty
    /// text, as written. CSDL requires a simple identifier, but a name that
    /// is not one must not make the whole document unreadable: the resolver
    /// checks it where it is used (a JSON name may be anything; a name that
    /// would be a URL segment is refused where a slice needs it).
    fn member_name(&mut self, name: &'static str, source: &SourceMap) -> Result<String, Error> {
        let value = self.required(name, source)?;
        self.check(name, value, |text| !text.is_empty(), "a non-empty name", source)
    }

    /// A key property's path (`PropertyRef/@Name`): a property of the entity
    /// type, or a path to a primitive property of a complex property
    /// (`Info/ID`), each segment a simple identifier.
    fn key_path(&mut self, name: &'static str, source: &SourceMap) -> Result<String, Error> {
        let value = self.required(name, source)?;
        let valid = |path: &str| path.split('/').all(identifier::is_simple_identifier);
        self.check(
            name,
            value,
            valid,
            "simple identifiers joined by `/` (a property, or a path into a complex property)",
            source,
        )
    }

    /// An optional name, checked like [`Attributes::identifier`].
    fn optional_identifier(&mut self, name: &'static str, source: &SourceMap) -> Result<Option<String>, Error> {
        match self.take(name) {
            None => Ok(None),
            Some(value) => self
                .check(name, value, identifier::is_simple_identifier, identifier::SIMPLE_IDENTIFIER, source)
                .map(Some),
        }
    }

    /// A required namespace: simple identifiers joined by dots.
    fn namespace(&mut self, name: &'static str, source: &SourceMap) -> Result<String, Error> {
        let value = self.required(name, source)?;
        self.check(name, value, identifier::is_namespace, identifier::NAMESPACE, source)
    }

    fn check(
        &self,
        name: &str,
        value: String,
        valid: fn(&str) -> bool,
        expected: &'static str,
        source: &SourceMap,
    ) -> Result<String, Error> {
        if valid(&value) {
            Ok(value)
        } else {
            Err(self.invalid(name, &value, expected, source))
        }
    }

    /// An `xs:boolean`: `true`, `false`, `1` or `0`. `True` and `False`
    /// (any other case) are not `xs:boolean` literals; the OData .NET reader
    /// takes them, and so does this one, with a warning in `warnings`.
    fn bool(&self, name: &str, source: &SourceMap, warnings: &mut Vec<ReadWarning>) -> Result<Option<bool>, Error> {
        match self.get(name) {
            None => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(other) if other.eq_ignore_ascii_case("true") || other.eq_ignore_ascii_case("false") => {
                let value = other.eq_ignore_ascii_case("true");
                warnings.push(ReadWarning {
                    offset: self.offset,
                    message: format!(
                        "<{}> has {name}=\"{other}\", but an xs:boolean is `true`, `false`, `1` or `0` \
                         (OData CSDL XML, edm.xsd)",
                        edmx_display_name(self.element)
                    ),
                    instead: format!("read as `{value}`, as the OData .NET reader does"),
                });
                Ok(Some(value))
            }
            Some(other) => Err(self.invalid(name, other, "an xs:boolean (`true`, `false`, `1` or `0`)", source)),
        }
    }

    fn flag(&self, name: &str, source: &SourceMap, warnings: &mut Vec<ReadWarning>) -> Result<bool, Error> {
        Ok(self.bool(name, source, warnings)?.unwrap_or(false))
    }

    fn facets(&mut self, source: &SourceMap, warnings: &mut Vec<ReadWarning>) -> Result<Facets, Error> {
        let max_length = match self.get("MaxLength") {
            None => None,
            Some("max") => Some(MaxLength::Max),
            Some(text) => Some(MaxLength::Length(
                text.parse().map_err(|_| self.invalid("MaxLength", text, "`max` or a non-negative integer", source))?,
            )),
        };
        let precision = match self.get("Precision") {
            None => None,
            Some(text) => {
                Some(text.parse().map_err(|_| self.invalid("Precision", text, "a non-negative integer", source))?)
            }
        };
        // Graph writes `Scale="Variable"`; the specification spells it `variable`.
        let scale = match self.get("Scale") {
            None => None,
            Some(text) if text.eq_ignore_ascii_case("variable") => Some(Scale::Variable),
            Some(text) if text.eq_ignore_ascii_case("floating") => Some(Scale::Floating),
            Some(text) => Some(Scale::Digits(text.parse().map_err(|_| {
                self.invalid("Scale", text, "`variable`, `floating` or a non-negative integer", source)
            })?)),
        };
        Ok(Facets {
            max_length,
            precision,
            scale,
            unicode: self.bool("Unicode", source, warnings)?,
            srid: self.take("SRID"),
        })
    }
}

struct Reader<'a> {
    xml: quick_xml::Reader<&'a [u8]>,
    /// The whole document, checked to be UTF-8.
    text: &'a str,
    source: SourceMap,
    depth: usize,
    /// What was read past (see [`ReadWarning`]).
    warnings: Vec<ReadWarning>,
}

/// What [`Reader::next`] hands to the element functions.
enum Item<'a> {
    Child(Element<'a>),
    Text(Cow<'a, str>),
    End,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, source: SourceMap) -> Self {
        let mut xml = quick_xml::Reader::from_str(text);
        let config = xml.config_mut();
        config.check_end_names = true;
        // Whitespace between elements is skipped inside quick-xml (no event);
        // `text` turns this off while it reads an element's text.
        config.trim_text_start = true;
        config.trim_text_end = false;
        Self { xml, text, source, depth: 0, warnings: Vec::new() }
    }

    fn offset(&self) -> Offset {
        offset_u32(usize::try_from(self.xml.buffer_position()).unwrap_or(usize::MAX))
    }

    fn error_at(&self, offset: Offset, kind: ErrorKind) -> Error {
        Error { location: self.source.locate(offset), kind }
    }

    fn xml_error(&self, error: impl std::fmt::Display) -> Error {
        let offset = offset_u32(usize::try_from(self.xml.error_position()).unwrap_or(usize::MAX));
        self.error_at(offset, ErrorKind::Xml(error.to_string()))
    }

    /// The next child element, text, or the end of the current element `open`
    /// (named in the "truncated" error). Text is decoded only when `want_text`,
    /// since CSDL gives meaning to the text of a few elements only.
    fn next(&mut self, open: &Element<'a>, want_text: bool) -> Result<Item<'a>, Error> {
        loop {
            let offset = self.offset();
            let event = self.xml.read_event().map_err(|e| self.xml_error(e))?;
            return Ok(match event {
                Event::Start(start) => Item::Child(self.element(start, false)),
                Event::Empty(start) => Item::Child(self.element(start, true)),
                Event::End(_) => Item::End,
                Event::Text(_) | Event::CData(_) if !want_text => Item::Text(Cow::Borrowed("")),
                Event::Text(text) => Item::Text(text.decode().map_err(|e| self.xml_error(e))?),
                Event::CData(data) => Item::Text(data.decode().map_err(|e| self.xml_error(e))?),
                Event::GeneralRef(reference) => Item::Text(self.resolve_reference(&reference, offset)?),
                Event::Eof => {
                    return Err(self.error_at(self.offset(), ErrorKind::Truncated { open: open.display_name() }))
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
            });
        }
    }

    fn resolve_reference(
        &self,
        reference: &quick_xml::events::BytesRef<'a>,
        offset: Offset,
    ) -> Result<Cow<'a, str>, Error> {
        if let Some(ch) = reference.resolve_char_ref().map_err(|e| self.xml_error(e))? {
            if !is_xml_char(ch) {
                return Err(self.error_at(offset, ErrorKind::Xml(non_xml_message(ch))));
            }
            return Ok(Cow::Owned(ch.to_string()));
        }
        let name = reference.decode().map_err(|e| self.xml_error(e))?;
        match quick_xml::escape::resolve_predefined_entity(&name) {
            Some(text) => Ok(Cow::Borrowed(text)),
            None => Err(self.error_at(offset, ErrorKind::Xml(format!("unknown entity `&{name};`")))),
        }
    }

    /// The element's attributes that the reader knows, unescaped; others are dropped.
    ///
    /// A known attribute given twice is an error (which one would count?).
    /// quick-xml's own check, which compares every attribute's name with every
    /// earlier one's, is off: it cost a tenth of reading, for attributes that
    /// are dropped anyway.
    fn attributes<'e>(&self, element: &'e Element<'a>) -> Result<Attributes<'e>, Error> {
        let mut values: SmallVec<[(&'static str, Cow<'e, str>); 6]> = SmallVec::new();
        for attribute in element.start.attributes().with_checks(false) {
            let attribute = attribute.map_err(|e| self.error_at(element.offset, ErrorKind::Xml(e.to_string())))?;
            let key = attribute.key.local_name().into_inner();
            let Some(known) = known_attribute(key) else {
                continue;
            };
            if values.iter().any(|(seen, _)| *seen == known) {
                let message = format!("attribute `{known}` is given twice");
                return Err(self.error_at(element.offset, ErrorKind::Xml(message)));
            }
            let raw: Cow<'e, str> = match attribute.value {
                Cow::Borrowed(bytes) => Cow::Borrowed(self.slice_of(bytes)?),
                Cow::Owned(bytes) => Cow::Owned(String::from_utf8(bytes).map_err(|e| self.xml_error(e))?),
            };
            let value = match quick_xml::escape::unescape(&raw)
                .map_err(|e| self.error_at(element.offset, ErrorKind::Xml(e.to_string())))?
            {
                Cow::Owned(unescaped) => Cow::Owned(unescaped),
                Cow::Borrowed(_) => raw,
            };
            // A character reference may name a character XML does not allow.
            if let Cow::Owned(text) = &value {
                if let Some(ch) = text.chars().find(|&ch| !is_xml_char(ch)) {
                    return Err(self.error_at(element.offset, ErrorKind::Xml(non_xml_message(ch))));
                }
            }
            values.push((known, value));
        }
        Ok(Attributes { element: element.local_name_str(), offset: element.offset, values })
    }

    /// Bytes quick-xml borrowed from the document, as the text they are in
    /// the document: found by their place in it, so that they are not checked
    /// to be UTF-8 a second time (quick-xml's decoding would; it was a twentieth
    /// of reading). Bytes from elsewhere are checked.
    fn slice_of<'e>(&self, bytes: &'e [u8]) -> Result<&'e str, Error>
    where
        'a: 'e,
    {
        let start = (bytes.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        match start.checked_add(bytes.len()).and_then(|end| self.text.get(start..end)) {
            Some(text) => Ok(text),
            None => std::str::from_utf8(bytes).map_err(|e| self.xml_error(e)),
        }
    }

    /// Calls `on_child` for each child element of the element `parent` until its end tag.
    /// Non-whitespace text where no text belongs is ignored, as CSDL gives it no meaning.
    fn children(
        &mut self,
        parent: &Element<'a>,
        mut on_child: impl FnMut(&mut Self, Element<'a>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if parent.empty {
            return Ok(());
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error_at(parent.offset, ErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        loop {
            match self.next(parent, false)? {
                Item::Child(child) => on_child(self, child)?,
                Item::Text(_) => {}
                Item::End => break,
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// A start tag just read, with the offset of its `<` computed back from
    /// the reader's position after the tag (`<` + content + `>` or `/>`).
    fn element(&self, start: BytesStart<'a>, empty: bool) -> Element<'a> {
        let end = usize::try_from(self.xml.buffer_position()).unwrap_or(usize::MAX);
        let markup = start.len() + if empty { 3 } else { 2 };
        Element { offset: offset_u32(end.saturating_sub(markup)), start, empty }
    }

    /// The text content of an element such as `<String>...</String>`.
    fn text(&mut self, element: &Element<'a>) -> Result<String, Error> {
        if element.empty {
            return Ok(String::new());
        }
        self.xml.config_mut().trim_text_start = false;
        let text = self.read_text(element);
        self.xml.config_mut().trim_text_start = true;
        text
    }

    fn read_text(&mut self, element: &Element<'a>) -> Result<String, Error> {
        let mut text = String::new();
        loop {
            match self.next(element, true)? {
                Item::Text(part) => text.push_str(&part),
                Item::Child(child) => {
                    return Err(self.error_at(
                        child.offset,
                        ErrorKind::MisplacedElement { element: child.display_name(), parent: element.display_name() },
                    ))
                }
                Item::End => return Ok(text),
            }
        }
    }

    /// Skips an element and everything inside it, without recursion.
    fn skip(&mut self, element: &Element<'a>) -> Result<(), Error> {
        if element.empty {
            return Ok(());
        }
        let mut depth = 1usize;
        while depth > 0 {
            match self.next(element, false)? {
                Item::Child(child) if !child.empty => depth += 1,
                Item::End => depth -= 1,
                Item::Child(_) | Item::Text(_) => {}
            }
        }
        Ok(())
    }

    fn read_root(&mut self) -> Result<(String, Vec<Reference>, Vec<Schema>), Error> {
        let root = loop {
            let offset = self.offset();
            match self.xml.read_event().map_err(|e| self.xml_error(e))? {
                Event::Start(start) => break self.element(start, false),
                Event::Empty(start) => break self.element(start, true),
                Event::Eof => return Err(self.error_at(self.offset(), ErrorKind::Empty)),
                Event::Text(text) if text.iter().all(u8::is_ascii_whitespace) => {}
                Event::Text(_) | Event::CData(_) | Event::GeneralRef(_) | Event::End(_) => {
                    return Err(self.error_at(offset, ErrorKind::Xml("content before the root element".into())))
                }
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
            }
        };
        self.check_root(&root)?;
        let mut attributes = self.attributes(&root)?;
        let version = attributes.required("Version", &self.source)?;
        let mut references = Vec::new();
        let mut schemas = Vec::new();
        let mut data_services = 0usize;
        self.children(&root, |reader, child| match child.local_name() {
            b"Reference" => {
                references.push(reader.read_reference(child)?);
                Ok(())
            }
            b"DataServices" => {
                data_services += 1;
                reader.children(&child, |reader, child| match child.local_name() {
                    b"Schema" => {
                        schemas.push(reader.read_schema(child)?);
                        Ok(())
                    }
                    _ => reader.skip(&child),
                })
            }
            _ => reader.skip(&child),
        })?;
        if data_services == 0 {
            return Err(
                self.error_at(root.offset, ErrorKind::Xml("<edmx:Edmx> has no <edmx:DataServices> element".into()))
            );
        }
        loop {
            let offset = self.offset();
            match self.xml.read_event().map_err(|e| self.xml_error(e))? {
                Event::Eof => break,
                Event::Text(text) if text.iter().all(u8::is_ascii_whitespace) => {}
                Event::Comment(_) | Event::PI(_) => {}
                Event::Start(start) => {
                    return Err(self.error_at(self.element(start, false).offset, ErrorKind::TrailingContent))
                }
                Event::Empty(start) => {
                    return Err(self.error_at(self.element(start, true).offset, ErrorKind::TrailingContent))
                }
                _ => return Err(self.error_at(offset, ErrorKind::TrailingContent)),
            }
        }
        Ok((version, references, schemas))
    }

    /// The root must be `Edmx` in the EDMX namespace, whatever prefix names it.
    fn check_root(&self, root: &Element<'a>) -> Result<(), Error> {
        let wrong = || self.error_at(root.offset, ErrorKind::WrongRoot { found: format!("<{}>", root.display_name()) });
        if root.local_name() != b"Edmx" {
            return Err(wrong());
        }
        let prefix = root.start.name().prefix().map(|p| p.into_inner().to_vec());
        let declaration: Vec<u8> = match &prefix {
            Some(prefix) => [b"xmlns:".as_slice(), prefix].concat(),
            None => b"xmlns".to_vec(),
        };
        for attribute in root.start.attributes() {
            let attribute = attribute.map_err(|e| self.error_at(root.offset, ErrorKind::Xml(e.to_string())))?;
            if attribute.key.into_inner() == declaration.as_slice() {
                return if attribute.value.as_ref() == EDMX_NAMESPACE.as_bytes() {
                    Ok(())
                } else {
                    Err(self.error_at(
                        root.offset,
                        ErrorKind::WrongRoot {
                            found: format!(
                                "<{}> in namespace \"{}\"",
                                root.display_name(),
                                String::from_utf8_lossy(&attribute.value)
                            ),
                        },
                    ))
                };
            }
        }
        Err(wrong())
    }

    fn read_reference(&mut self, element: Element<'a>) -> Result<Reference, Error> {
        let mut attributes = self.attributes(&element)?;
        let uri = attributes.required("Uri", &self.source)?;
        let mut includes = Vec::new();
        self.children(&element, |reader, child| match child.local_name() {
            b"Include" => {
                let mut attributes = reader.attributes(&child)?;
                includes.push(Include {
                    namespace: attributes.namespace("Namespace", &reader.source)?,
                    alias: attributes.optional_identifier("Alias", &reader.source)?,
                    offset: child.offset,
                });
                reader.skip(&child)
            }
            _ => reader.skip(&child),
        })?;
        Ok(Reference { uri, includes, offset: element.offset })
    }

    fn read_schema(&mut self, element: Element<'a>) -> Result<Schema, Error> {
        let mut attributes = self.attributes(&element)?;
        let mut schema = Schema {
            namespace: attributes.namespace("Namespace", &self.source)?,
            alias: attributes.optional_identifier("Alias", &self.source)?,
            offset: element.offset,
            ..Schema::default()
        };
        self.children(&element, |reader, child| {
            match child.local_name() {
                b"EnumType" => schema.enum_types.push(reader.read_enum_type(child)?),
                b"TypeDefinition" => schema.type_definitions.push(reader.read_type_definition(child)?),
                b"ComplexType" => schema.complex_types.push(reader.read_structured_type(child)?),
                b"EntityType" => schema.entity_types.push(reader.read_structured_type(child)?),
                b"Action" => schema.actions.push(reader.read_operation(child, OperationKind::Action)?),
                b"Function" => schema.functions.push(reader.read_operation(child, OperationKind::Function)?),
                b"Term" => schema.terms.push(reader.read_term(child)?),
                b"EntityContainer" => schema.entity_containers.push(reader.read_entity_container(child)?),
                b"Annotations" => schema.annotations.push(reader.read_annotations(child)?),
                b"Annotation" => schema.inline_annotations.push(reader.read_annotation(child)?),
                _ => reader.skip(&child)?,
            }
            Ok(())
        })?;
        schema.shrink_to_fit();
        Ok(schema)
    }

    fn read_enum_type(&mut self, element: Element<'a>) -> Result<EnumType, Error> {
        let mut attributes = self.attributes(&element)?;
        let mut enum_type = EnumType {
            name: attributes.identifier("Name", &self.source)?,
            is_flags: attributes.flag("IsFlags", &self.source, &mut self.warnings)?,
            underlying_type: attributes.take("UnderlyingType"),
            members: Vec::new(),
            annotations: Vec::new(),
            offset: element.offset,
        };
        self.children(&element, |reader, child| {
            match child.local_name() {
                b"Member" => {
                    let mut attributes = reader.attributes(&child)?;
                    let name = attributes.member_name("Name", &reader.source)?;
                    let value = match attributes.get("Value") {
                        None => None,
                        Some(text) => Some(
                            text.trim()
                                .parse::<i64>()
                                .map_err(|_| attributes.invalid("Value", text, "an integer", &reader.source))?,
                        ),
                    };
                    let annotations = reader.read_inline_annotations(&child)?;
                    enum_type.members.push(EnumMember { name, value, annotations, offset: child.offset });
                }
                b"Annotation" => enum_type.annotations.push(reader.read_annotation(child)?),
                _ => reader.skip(&child)?,
            }
            Ok(())
        })?;
        Ok(enum_type)
    }

    fn read_type_definition(&mut self, element: Element<'a>) -> Result<TypeDefinition, Error> {
        let mut attributes = self.attributes(&element)?;
        Ok(TypeDefinition {
            name: attributes.identifier("Name", &self.source)?,
            underlying_type: attributes.required("UnderlyingType", &self.source)?,
            facets: attributes.facets(&self.source, &mut self.warnings)?,
            annotations: self.read_inline_annotations(&element)?,
            offset: element.offset,
        })
    }

    fn read_structured_type(&mut self, element: Element<'a>) -> Result<StructuredType, Error> {
        let mut attributes = self.attributes(&element)?;
        let mut ty = StructuredType {
            name: attributes.identifier("Name", &self.source)?,
            base_type: attributes.take("BaseType"),
            is_abstract: attributes.flag("Abstract", &self.source, &mut self.warnings)?,
            open_type: attributes.flag("OpenType", &self.source, &mut self.warnings)?,
            has_stream: attributes.flag("HasStream", &self.source, &mut self.warnings)?,
            offset: element.offset,
            ..StructuredType::default()
        };
        self.children(&element, |reader, child| {
            match child.local_name() {
                b"Key" => {
                    if ty.key.is_some() {
                        let entity = super::error::shorten(&ty.name);
                        return Err(reader.error_at(child.offset, ErrorKind::TwoKeys { entity }));
                    }
                    let mut refs = Vec::new();
                    reader.children(&child, |reader, child| match child.local_name() {
                        b"PropertyRef" => {
                            let mut attributes = reader.attributes(&child)?;
                            refs.push(PropertyRef {
                                name: attributes.key_path("Name", &reader.source)?,
                                alias: attributes.optional_identifier("Alias", &reader.source)?,
                                offset: child.offset,
                            });
                            reader.skip(&child)
                        }
                        _ => reader.skip(&child),
                    })?;
                    ty.key = Some(refs);
                }
                b"Property" => ty.properties.push(reader.read_property(child)?),
                b"NavigationProperty" => ty.navigation_properties.push(reader.read_navigation_property(child)?),
                b"Annotation" => ty.annotations.push(reader.read_annotation(child)?),
                _ => reader.skip(&child)?,
            }
            Ok(())
        })?;
        ty.properties.shrink_to_fit();
        ty.navigation_properties.shrink_to_fit();
        Ok(ty)
    }

    fn read_property(&mut self, element: Element<'a>) -> Result<Property, Error> {
        let mut attributes = self.attributes(&element)?;
        Ok(Property {
            name: attributes.member_name("Name", &self.source)?,
            type_name: attributes.required("Type", &self.source)?,
            nullable: attributes.bool("Nullable", &self.source, &mut self.warnings)?,
            facets: attributes.facets(&self.source, &mut self.warnings)?,
            default_value: attributes.take("DefaultValue"),
            annotations: self.read_inline_annotations(&element)?,
            offset: element.offset,
        })
    }

    fn read_navigation_property(&mut self, element: Element<'a>) -> Result<NavigationProperty, Error> {
        let mut attributes = self.attributes(&element)?;
        Ok(NavigationProperty {
            name: attributes.member_name("Name", &self.source)?,
            type_name: attributes.required("Type", &self.source)?,
            nullable: attributes.bool("Nullable", &self.source, &mut self.warnings)?,
            partner: attributes.take("Partner"),
            contains_target: attributes.flag("ContainsTarget", &self.source, &mut self.warnings)?,
            annotations: self.read_inline_annotations(&element)?,
            offset: element.offset,
        })
    }

    fn read_operation(&mut self, element: Element<'a>, kind: OperationKind) -> Result<Operation, Error> {
        let mut attributes = self.attributes(&element)?;
        let mut operation = Operation {
            kind,
            name: attributes.member_name("Name", &self.source)?,
            is_bound: attributes.flag("IsBound", &self.source, &mut self.warnings)?,
            is_composable: attributes.flag("IsComposable", &self.source, &mut self.warnings)?,
            entity_set_path: attributes.take("EntitySetPath"),
            parameters: Vec::new(),
            return_type: None,
            annotations: Vec::new(),
            offset: element.offset,
        };
        self.children(&element, |reader, child| {
            match child.local_name() {
                b"Parameter" => {
                    let mut attributes = reader.attributes(&child)?;
                    operation.parameters.push(Parameter {
                        name: attributes.member_name("Name", &reader.source)?,
                        type_name: attributes.required("Type", &reader.source)?,
                        nullable: attributes.bool("Nullable", &reader.source, &mut reader.warnings)?,
                        facets: attributes.facets(&reader.source, &mut reader.warnings)?,
                        annotations: reader.read_inline_annotations(&child)?,
                        offset: child.offset,
                    });
                }
                b"ReturnType" => {
                    let mut attributes = reader.attributes(&child)?;
                    operation.return_type = Some(ReturnType {
                        type_name: attributes.required("Type", &reader.source)?,
                        nullable: attributes.bool("Nullable", &reader.source, &mut reader.warnings)?,
                        facets: attributes.facets(&reader.source, &mut reader.warnings)?,
                        annotations: reader.read_inline_annotations(&child)?,
                        offset: child.offset,
                    });
                }
                b"Annotation" => operation.annotations.push(reader.read_annotation(child)?),
                _ => reader.skip(&child)?,
            }
            Ok(())
        })?;
        Ok(operation)
    }

    fn read_term(&mut self, element: Element<'a>) -> Result<Term, Error> {
        let mut attributes = self.attributes(&element)?;
        Ok(Term {
            name: attributes.identifier("Name", &self.source)?,
            type_name: attributes.required("Type", &self.source)?,
            base_term: attributes.take("BaseTerm"),
            default_value: attributes.take("DefaultValue"),
            applies_to: attributes.take("AppliesTo"),
            nullable: attributes.bool("Nullable", &self.source, &mut self.warnings)?,
            facets: attributes.facets(&self.source, &mut self.warnings)?,
            annotations: self.read_inline_annotations(&element)?,
            offset: element.offset,
        })
    }

    fn read_entity_container(&mut self, element: Element<'a>) -> Result<EntityContainer, Error> {
        let mut attributes = self.attributes(&element)?;
        let mut container = EntityContainer {
            name: attributes.identifier("Name", &self.source)?,
            extends: attributes.take("Extends"),
            offset: element.offset,
            ..EntityContainer::default()
        };
        self.children(&element, |reader, child| {
            match child.local_name() {
                b"EntitySet" => {
                    let mut attributes = reader.attributes(&child)?;
                    let name = attributes.member_name("Name", &reader.source)?;
                    let entity_type = attributes.required("EntityType", &reader.source)?;
                    let include_in_service_document =
                        attributes.bool("IncludeInServiceDocument", &reader.source, &mut reader.warnings)?;
                    let (navigation_property_bindings, annotations) = reader.read_bindings(&child)?;
                    container.entity_sets.push(EntitySet {
                        name,
                        entity_type,
                        include_in_service_document,
                        navigation_property_bindings,
                        annotations,
                        offset: child.offset,
                    });
                }
                b"Singleton" => {
                    let mut attributes = reader.attributes(&child)?;
                    let name = attributes.member_name("Name", &reader.source)?;
                    let type_name = attributes.required("Type", &reader.source)?;
                    let (navigation_property_bindings, annotations) = reader.read_bindings(&child)?;
                    container.singletons.push(Singleton {
                        name,
                        type_name,
                        navigation_property_bindings,
                        annotations,
                        offset: child.offset,
                    });
                }
                b"ActionImport" => {
                    let mut attributes = reader.attributes(&child)?;
                    container.action_imports.push(ActionImport {
                        name: attributes.member_name("Name", &reader.source)?,
                        action: attributes.required("Action", &reader.source)?,
                        entity_set: attributes.take("EntitySet"),
                        annotations: reader.read_inline_annotations(&child)?,
                        offset: child.offset,
                    });
                }
                b"FunctionImport" => {
                    let mut attributes = reader.attributes(&child)?;
                    container.function_imports.push(FunctionImport {
                        name: attributes.member_name("Name", &reader.source)?,
                        function: attributes.required("Function", &reader.source)?,
                        entity_set: attributes.take("EntitySet"),
                        include_in_service_document: attributes.bool(
                            "IncludeInServiceDocument",
                            &reader.source,
                            &mut reader.warnings,
                        )?,
                        annotations: reader.read_inline_annotations(&child)?,
                        offset: child.offset,
                    });
                }
                b"Annotation" => container.annotations.push(reader.read_annotation(child)?),
                _ => reader.skip(&child)?,
            }
            Ok(())
        })?;
        Ok(container)
    }

    /// The `NavigationPropertyBinding` and `Annotation` children of an entity set or singleton.
    fn read_bindings(
        &mut self,
        element: &Element<'a>,
    ) -> Result<(Vec<NavigationPropertyBinding>, Vec<Annotation>), Error> {
        let mut bindings = Vec::new();
        let mut annotations = Vec::new();
        self.children(element, |reader, child| {
            match child.local_name() {
                b"NavigationPropertyBinding" => {
                    let mut attributes = reader.attributes(&child)?;
                    bindings.push(NavigationPropertyBinding {
                        path: attributes.required("Path", &reader.source)?,
                        target: attributes.required("Target", &reader.source)?,
                        offset: child.offset,
                    });
                    reader.skip(&child)?;
                }
                b"Annotation" => annotations.push(reader.read_annotation(child)?),
                _ => reader.skip(&child)?,
            }
            Ok(())
        })?;
        Ok((bindings, annotations))
    }

    /// The `Annotation` children of an element whose other children are not modelled.
    fn read_inline_annotations(&mut self, element: &Element<'a>) -> Result<Vec<Annotation>, Error> {
        let mut annotations = Vec::new();
        self.children(element, |reader, child| match child.local_name() {
            b"Annotation" => {
                annotations.push(reader.read_annotation(child)?);
                Ok(())
            }
            _ => reader.skip(&child),
        })?;
        Ok(annotations)
    }

    fn read_annotations(&mut self, element: Element<'a>) -> Result<Annotations, Error> {
        let mut attributes = self.attributes(&element)?;
        Ok(Annotations {
            target: attributes.required("Target", &self.source)?,
            qualifier: attributes.take("Qualifier"),
            annotations: self.read_inline_annotations(&element)?,
            offset: element.offset,
        })
    }

    fn read_annotation(&mut self, element: Element<'a>) -> Result<Annotation, Error> {
        let mut attributes = self.attributes(&element)?;
        let term = attributes.required("Term", &self.source)?;
        let qualifier = attributes.take("Qualifier");
        let mut value = attribute_expression(&mut attributes);
        let mut annotations = Vec::new();
        self.children(&element, |reader, child| {
            if child.local_name() == b"Annotation" {
                annotations.push(reader.read_annotation(child)?);
            } else {
                let expression = reader.read_expression(child)?;
                value.get_or_insert(expression);
            }
            Ok(())
        })?;
        Ok(Annotation { term, qualifier, value, annotations, offset: element.offset })
    }

    /// A child expression element: a constant, a path, a `Record`, a `Collection`, ...
    fn read_expression(&mut self, element: Element<'a>) -> Result<Expression, Error> {
        // The document is UTF-8 (checked whole), and so are its element names.
        let name = std::str::from_utf8(element.local_name()).unwrap_or_default();
        if let Some(kind) = ConstantKind::from_xml_name(name) {
            return Ok(Expression::Constant(kind, trimmed(self.text(&element)?)));
        }
        if let Some(kind) = PathKind::from_xml_name(name) {
            return Ok(Expression::Path(kind, trimmed(self.text(&element)?)));
        }
        match name {
            "Null" => {
                self.skip(&element)?;
                Ok(Expression::Null)
            }
            "Collection" => {
                let mut items = Vec::new();
                self.children(&element, |reader, child| {
                    items.push(reader.read_expression(child)?);
                    Ok(())
                })?;
                Ok(Expression::Collection(items))
            }
            "Record" => {
                let mut attributes = self.attributes(&element)?;
                let mut record = Record { type_name: attributes.take("Type"), ..Record::default() };
                self.children(&element, |reader, child| {
                    match child.local_name() {
                        b"PropertyValue" => record.properties.push(reader.read_property_value(child)?),
                        b"Annotation" => record.annotations.push(reader.read_annotation(child)?),
                        _ => reader.skip(&child)?,
                    }
                    Ok(())
                })?;
                Ok(Expression::Record(Box::new(record)))
            }
            _ => {
                let name = String::from_utf8_lossy(element.local_name()).into_owned();
                self.skip(&element)?;
                Ok(Expression::Other(name))
            }
        }
    }

    fn read_property_value(&mut self, element: Element<'a>) -> Result<PropertyValue, Error> {
        let mut attributes = self.attributes(&element)?;
        let property = attributes.required("Property", &self.source)?;
        let mut value = attribute_expression(&mut attributes);
        self.children(&element, |reader, child| {
            if child.local_name() == b"Annotation" {
                reader.read_annotation(child)?;
            } else {
                let expression = reader.read_expression(child)?;
                value.get_or_insert(expression);
            }
            Ok(())
        })?;
        Ok(PropertyValue { property, value, offset: element.offset })
    }
}

/// The value given in attribute form (`Bool="true"`, `String="..."`, `Path="..."`).
fn attribute_expression(attributes: &mut Attributes<'_>) -> Option<Expression> {
    let index = attributes
        .values
        .iter()
        .position(|(key, _)| ConstantKind::from_xml_name(key).is_some() || PathKind::from_xml_name(key).is_some())?;
    let (key, text) = attributes.values.swap_remove(index);
    let text = text.into_owned();
    Some(match ConstantKind::from_xml_name(key) {
        Some(kind) => Expression::Constant(kind, text),
        None => Expression::Path(PathKind::from_xml_name(key)?, text),
    })
}

/// `text` without leading and trailing whitespace, reusing its buffer.
fn trimmed(mut text: String) -> String {
    text.truncate(text.trim_end().len());
    let leading = text.len() - text.trim_start().len();
    text.drain(..leading);
    text
}

/// An element's name as written in CSDL documents, with the `edmx:` prefix where it belongs.
fn edmx_display_name(local: &str) -> String {
    match local {
        "Edmx" | "Reference" | "Include" | "DataServices" => format!("edmx:{local}"),
        _ => local.to_owned(),
    }
}

/// The static spelling of every element whose attributes the reader reads.
fn known_element(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"Property" => "Property",
        b"NavigationProperty" => "NavigationProperty",
        b"Member" => "Member",
        b"Parameter" => "Parameter",
        b"Annotation" => "Annotation",
        b"PropertyValue" => "PropertyValue",
        b"EntityType" => "EntityType",
        b"ComplexType" => "ComplexType",
        b"EnumType" => "EnumType",
        b"Action" => "Action",
        b"Function" => "Function",
        b"ReturnType" => "ReturnType",
        b"Annotations" => "Annotations",
        b"Record" => "Record",
        b"NavigationPropertyBinding" => "NavigationPropertyBinding",
        b"EntitySet" => "EntitySet",
        b"Singleton" => "Singleton",
        b"ActionImport" => "ActionImport",
        b"FunctionImport" => "FunctionImport",
        b"PropertyRef" => "PropertyRef",
        b"TypeDefinition" => "TypeDefinition",
        b"Term" => "Term",
        b"Schema" => "Schema",
        b"EntityContainer" => "EntityContainer",
        b"Edmx" => "Edmx",
        b"Reference" => "Reference",
        b"Include" => "Include",
        _ => return None,
    })
}

/// The static spelling of every attribute name the reader looks at; others are dropped.
fn known_attribute(name: &[u8]) -> Option<&'static str> {
    Some(match name {
        b"Name" => "Name",
        b"Type" => "Type",
        b"Nullable" => "Nullable",
        b"Value" => "Value",
        b"Term" => "Term",
        b"Property" => "Property",
        b"String" => "String",
        b"Bool" => "Bool",
        b"BaseType" => "BaseType",
        b"Target" => "Target",
        b"IsBound" => "IsBound",
        b"ContainsTarget" => "ContainsTarget",
        b"Abstract" => "Abstract",
        b"Action" => "Action",
        b"Alias" => "Alias",
        b"AnnotationPath" => "AnnotationPath",
        b"AppliesTo" => "AppliesTo",
        b"BaseTerm" => "BaseTerm",
        b"Binary" => "Binary",
        b"Date" => "Date",
        b"DateTimeOffset" => "DateTimeOffset",
        b"Decimal" => "Decimal",
        b"DefaultValue" => "DefaultValue",
        b"Duration" => "Duration",
        b"EntitySet" => "EntitySet",
        b"EntitySetPath" => "EntitySetPath",
        b"EntityType" => "EntityType",
        b"EnumMember" => "EnumMember",
        b"Extends" => "Extends",
        b"Float" => "Float",
        b"Function" => "Function",
        b"Guid" => "Guid",
        b"HasStream" => "HasStream",
        b"IncludeInServiceDocument" => "IncludeInServiceDocument",
        b"Int" => "Int",
        b"IsComposable" => "IsComposable",
        b"IsFlags" => "IsFlags",
        b"MaxLength" => "MaxLength",
        b"ModelElementPath" => "ModelElementPath",
        b"Namespace" => "Namespace",
        b"NavigationPropertyPath" => "NavigationPropertyPath",
        b"OpenType" => "OpenType",
        b"Partner" => "Partner",
        b"Path" => "Path",
        b"Precision" => "Precision",
        b"PropertyPath" => "PropertyPath",
        b"Qualifier" => "Qualifier",
        b"SRID" => "SRID",
        b"Scale" => "Scale",
        b"TimeOfDay" => "TimeOfDay",
        b"UnderlyingType" => "UnderlyingType",
        b"Unicode" => "Unicode",
        b"Uri" => "Uri",
        b"Version" => "Version",
        _ => return None,
    })
}
