//! Layout invariants the VM's speed depends on: a value is a tag and one word, and an
//! unbound local costs no extra space.

use pyref::objects::Value;

#[test]
fn value_is_two_words() {
    assert_eq!(std::mem::size_of::<Value>(), 16);
    assert_eq!(std::mem::size_of::<Option<Value>>(), 16);
}

#[test]
fn frame_record_size() {
    // The frame record (boxed and pooled; its locals and value stack are on the contiguous
    // data stack): with 16-byte slots, a recursion level costs this, a malloc header, a
    // pointer, and 16 bytes per local and per value under the call (README, "Memory").
    assert!(std::mem::size_of::<pyref::vm::Frame>() <= 80);
}
