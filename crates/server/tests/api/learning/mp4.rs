//! Small MP4 files built in memory for the stories: the boxes the server reads (`ftyp`,
//! `moov/mvhd`, one video track with its sample description) and some media data.

fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let mut out = ((body.len() + 8) as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(body);
    out
}

fn concat(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

/// A visual sample entry of `codec`, 640×360.
fn sample_entry(codec: &[u8; 4]) -> Vec<u8> {
    let mut body = vec![0u8; 6];
    body.extend_from_slice(&1u16.to_be_bytes());
    body.extend_from_slice(&[0u8; 16]);
    body.extend_from_slice(&640u16.to_be_bytes());
    body.extend_from_slice(&360u16.to_be_bytes());
    body.extend_from_slice(&[0u8; 50]);
    boxed(codec, &body)
}

/// A movie of `duration_ms` whose video track is `codec`, index first.
pub fn with_codec(codec: &[u8; 4], duration_ms: u32) -> Vec<u8> {
    let ftyp = boxed(
        b"ftyp",
        &[b"isom".as_slice(), &[0, 0, 2, 0], b"isom", b"avc1"].concat(),
    );
    let mut mvhd = vec![0u8; 4];
    mvhd.extend_from_slice(&[0u8; 8]);
    mvhd.extend_from_slice(&1000u32.to_be_bytes());
    mvhd.extend_from_slice(&duration_ms.to_be_bytes());
    mvhd.extend_from_slice(&[0u8; 80]);
    let mut hdlr = vec![0u8; 8];
    hdlr.extend_from_slice(b"vide");
    hdlr.extend_from_slice(&[0u8; 13]);
    let mut stsd = vec![0u8; 4];
    stsd.extend_from_slice(&1u32.to_be_bytes());
    stsd.extend_from_slice(&sample_entry(codec));
    let stbl = boxed(b"stbl", &boxed(b"stsd", &stsd));
    let minf = boxed(b"minf", &stbl);
    let mdia = boxed(b"mdia", &concat(&[boxed(b"hdlr", &hdlr), minf]));
    let trak = boxed(b"trak", &mdia);
    let moov = boxed(b"moov", &concat(&[boxed(b"mvhd", &mvhd), trak]));
    concat(&[ftyp, moov, boxed(b"mdat", &[7u8; 512])])
}

/// An H.264 movie of `duration_ms`.
pub fn h264(duration_ms: u32) -> Vec<u8> {
    with_codec(b"avc1", duration_ms)
}
