import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";

/** The error page every route shares: friendly words, the right status, never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    if (error.status === 404)
      return (
        <>
          <h1>Page not found</h1>
          <p>We could not find that page. It may have moved, or the link may be mistyped.</p>
          <p>
            <Link to="/">Go to the home page</Link> or <Link to="/pledge">make a pledge</Link>.
          </p>
        </>
      );
    if (error.status === 429)
      return (
        <>
          <h1>Please wait a moment</h1>
          <p>
            {typeof error.data === "string" && error.data
              ? error.data
              : "We have had a lot of requests from your connection in a short time."}{" "}
            Please try again in a minute. Nothing you sent has been lost; if your pledge went through, you will have an
            email about it.
          </p>
          <p>
            <Link to="/">Go to the home page</Link>
          </p>
        </>
      );
    return (
      <>
        <h1>Something is not right</h1>
        <p>{typeof error.data === "string" && error.data ? error.data : `The request failed (${error.status}).`}</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </>
    );
  }
  console.error(error);
  return (
    <>
      <h1>Sorry, something went wrong</h1>
      <p>The problem is ours, not yours. Please try again in a few minutes.</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </>
  );
}
