use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{Event, EventTarget};

/// An event listener that is removed when dropped (return it from a `use_effect` cleanup).
pub struct Listener {
    target: EventTarget,
    event: &'static str,
    callback: Closure<dyn FnMut(Event)>,
}

impl Listener {
    pub fn new(target: &EventTarget, event: &'static str, f: impl FnMut(Event) + 'static) -> Self {
        let callback = Closure::<dyn FnMut(Event)>::new(f);
        let _ = target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref());
        Listener {
            target: target.clone(),
            event,
            callback,
        }
    }

    /// Listens on the window.
    pub fn window(event: &'static str, f: impl FnMut(Event) + 'static) -> Option<Self> {
        let window = web_sys::window()?;
        Some(Listener::new(window.as_ref(), event, f))
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(
            self.event,
            self.callback.as_ref().unchecked_ref(),
        );
    }
}
