/* Loaded in <head>, before the page draws: marks the page as scripted so that citizen.css
   shows the enhanced form (and hides its no-script fallbacks) without a flash. */
document.documentElement.classList.add("js");
